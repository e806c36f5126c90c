// Redraws a template's zone preview as its JSON is typed. The server checks the zones again
// on save; this only shows the layout early, and says when the JSON does not parse.
const SVG = "http://www.w3.org/2000/svg";
const COLOURS = { CONTENT: "#38bdf8", TICKER: "#f59e0b", CLOCK: "#a78bfa", WEATHER: "#34d399", DATASET: "#f472b6" };

function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

function draw(svg, zones) {
  svg.replaceChildren();
  const drawable = zones
    .filter((z) => z && ["x", "y", "width", "height"].every((k) => isNumber(z[k])))
    .sort((a, b) => (a.zIndex || 0) - (b.zIndex || 0));
  for (const zone of drawable) {
    const group = document.createElementNS(SVG, "g");
    group.dataset.zone = String(zone.id ?? "");
    const rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("x", zone.x * 1.6);
    rect.setAttribute("y", zone.y * 0.9);
    rect.setAttribute("width", Math.max(zone.width, 0) * 1.6);
    rect.setAttribute("height", Math.max(zone.height, 0) * 0.9);
    rect.setAttribute("fill", COLOURS[zone.type] || "#94a3b8");
    rect.setAttribute("fill-opacity", "0.35");
    rect.setAttribute("stroke", "#e2e8f0");
    rect.setAttribute("stroke-width", "0.4");
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", zone.x * 1.6 + 1.5);
    label.setAttribute("y", zone.y * 0.9 + 5);
    label.setAttribute("font-size", "4");
    label.setAttribute("fill", "#f8fafc");
    label.textContent = `${zone.name || zone.id || "?"} · ${zone.type || "?"}`; // text, never HTML
    group.append(rect, label);
    svg.append(group);
  }
  return drawable.length;
}

for (const input of document.querySelectorAll("[data-zones-input]")) {
  const form = input.closest("form");
  const svg = form.querySelector("[data-zones-preview]");
  const status = form.querySelector("[data-zones-status]");
  // The page's texts in its language (the server renders them; English when absent).
  const texts = JSON.parse(status.dataset.texts || "{}");
  const update = () => {
    let zones;
    try {
      zones = JSON.parse(input.value);
    } catch {
      status.textContent = texts.parse || "(the JSON does not parse yet)";
      return;
    }
    if (!Array.isArray(zones)) {
      status.textContent = texts.array || "(zones must be an array)";
      return;
    }
    const shown = draw(svg, zones);
    const undrawable = texts.undrawable || "(%(count)s zone(s) not drawable yet)";
    status.textContent = shown === zones.length ? "" : undrawable.replace("%(count)s", String(zones.length - shown));
  };
  input.addEventListener("input", update);
  update();
}
