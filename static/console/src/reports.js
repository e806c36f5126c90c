// The Reports page: draws its charts with Chart.js (from npm, bundled: no CDN) from the same
// JSON the API gives; the tables are the server's. A module: the console's CSP allows no inline script.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

import { availabilitySeries, playsSeries, topMediaSeries } from "./report-series.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip);

const root = document.querySelector("[data-reports]");
const texts = JSON.parse(root?.dataset.texts || "{}");
const params = new URLSearchParams(root ? new URL(root.dataset.availabilityUrl, location.href).search : "");
const from = params.get("from");
const to = params.get("to");
// Printed reports get still charts.
const animation = window.matchMedia("print").matches ? false : undefined;

function draw(name, type, series, options = {}) {
  const canvas = document.querySelector(`[data-chart="${name}"]`);
  if (!canvas) return;
  canvas.dataset.points = String(series.values.length);
  new Chart(canvas, {
    type,
    data: { labels: series.labels, datasets: [{ label: options.label, data: series.values, backgroundColor: "#0f766e", borderColor: "#0f766e", spanGaps: false }] },
    options: { animation, maintainAspectRatio: false, indexAxis: options.indexAxis || "x", scales: options.scales || {}, plugins: { legend: { display: false } } },
  });
}

async function load(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

if (root) {
  load(root.dataset.availabilityUrl)
    .then((body) => draw("availability", "line", availabilitySeries(body, from, to), { label: texts.uptime, scales: { y: { min: 0, max: 100 } } }))
    .catch(() => {});
  load(root.dataset.playsUrl)
    .then((body) => {
      draw("plays", "bar", playsSeries(body, from, to), { label: texts.plays });
      draw("top-media", "bar", topMediaSeries(body, "—"), { label: texts.plays, indexAxis: "y" });
    })
    .catch(() => {});
}

document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
