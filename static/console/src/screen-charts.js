// The screen page's heartbeat charts (memory, uptime over the last hours), drawn with Chart.js
// like the Reports page, from the JSON the server put in the page (a data attribute: the
// console's CSP allows no inline script).
import { Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";

import { clockLabel, drawnCount, hourTicks, linePoints } from "./screen-series.js";

Chart.register(Filler, LinearScale, LineController, LineElement, PointElement, Tooltip);

const root = document.querySelector("[data-screen-charts]");
const data = JSON.parse(root?.dataset.screenCharts || "{}");
const language = document.documentElement.lang;
const animation = window.matchMedia("print").matches ? false : undefined;

for (const canvas of document.querySelectorAll("[data-screen-chart]")) {
  const name = canvas.dataset.screenChart;
  const points = linePoints(data[name], data.breakAfter);
  canvas.dataset.points = String(drawnCount(points));
  const color = canvas.dataset.color || "#2563eb";
  new Chart(canvas, {
    type: "line",
    data: { datasets: [{ label: canvas.dataset.label, data: points, borderColor: color, backgroundColor: `${color}22`, fill: true, pointRadius: 0, borderWidth: 2, spanGaps: false }] },
    options: {
      animation,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: {
          type: "linear",
          min: data.start,
          max: data.end,
          afterBuildTicks: (axis) => {
            axis.ticks = hourTicks(data.start, data.end, 4).map((value) => ({ value }));
          },
          ticks: { callback: (value) => clockLabel(value, data.zone, language) },
        },
        y: { beginAtZero: true, title: { display: Boolean(canvas.dataset.unit), text: canvas.dataset.unit } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: (items) => (items.length ? clockLabel(items[0].parsed.x, data.zone, language) : "") } },
      },
    },
  });
}
