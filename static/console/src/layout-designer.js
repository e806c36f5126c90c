// The template page's layout designer: zones drawn on a canvas of the chosen resolution,
// dragged and resized (interact.js gives the pointer gestures; layout-geometry.js the
// snapping and bounds), nudged by keyboard, edited in an inspector. Every change is written
// into the zones JSON textarea, which the form posts as before: the server checks it again.
import interact from "interactjs";
import {
  History,
  RESOLUTIONS,
  newZoneId,
  nudge,
  outOfScreen,
  overlappingPairs,
  parseResolution,
  pxToPercent,
  restack,
  snapMove,
  snapResize,
} from "./layout-geometry.js";

const COLOURS = { CONTENT: "#38bdf8", TICKER: "#f59e0b", CLOCK: "#a78bfa", WEATHER: "#34d399", DATASET: "#f472b6" };
const ZONE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SNAP_THRESHOLD_PX = 8; // how close (on the canvas) an edge must come to stick
const HANDLES = ["top left", "top", "top right", "right", "bottom right", "bottom", "bottom left", "left"];
// Default sizes (percent) and settings of a zone added from the palette.
const STARTERS = {
  CONTENT: { width: 50, height: 50, styleJson: {} },
  CLOCK: { width: 25, height: 20, backgroundColor: "#0f172a", styleJson: { format: "HH:mm" } },
  TICKER: { width: 100, height: 12, backgroundColor: "#0f172a", styleJson: { speed: 80 } },
  WEATHER: { width: 25, height: 25, backgroundColor: "#1e293b", styleJson: { city: "", units: "metric" } },
  DATASET: { width: 50, height: 50, styleJson: {} },
};

function fill(text, values) {
  return text.replace(/%\((\w+)\)s/g, (all, key) => (key in values ? String(values[key]) : all));
}

function parseZones(text) {
  try {
    const zones = JSON.parse(text);
    return Array.isArray(zones) ? { zones } : { error: "array" };
  } catch {
    return { error: "parse" };
  }
}

function drawable(zone) {
  return zone && typeof zone === "object" && ["x", "y", "width", "height"].every((k) => Number.isFinite(zone[k]));
}

function setup(root) {
  const form = root.closest("form");
  const input = form.querySelector("[data-zones-input]");
  const texts = JSON.parse(root.dataset.texts || "{}");
  const canvas = root.querySelector("[data-canvas]");
  const frame = root.querySelector("[data-canvas-frame]");
  const warnings = root.querySelector("[data-warnings]");
  const jsonStatus = root.querySelector("[data-json-status]");
  const inspector = root.querySelector("[data-inspector]");
  const zoneSelect = root.querySelector("[data-zone-select]");
  const idError = root.querySelector("[data-id-error]");
  const undoButton = root.querySelector("[data-undo]");
  const redoButton = root.querySelector("[data-redo]");
  const resolution = root.querySelector("[data-resolution]");
  const custom = root.querySelector("[data-custom-resolution]");
  const customWidth = root.querySelector("[data-custom-width]");
  const customHeight = root.querySelector("[data-custom-height]");
  const gridSelect = root.querySelector("[data-grid]");
  const snapBox = root.querySelector("[data-snap]");
  const canvasWidth = form.querySelector("[name=canvas_width]");
  const canvasHeight = form.querySelector("[name=canvas_height]");

  let zones = (parseZones(input.value).zones || []).filter(drawable);
  let selected = zones.length ? zones[0].id : null;
  const history = new History(JSON.stringify(zones));
  const guides = { x: document.createElement("div"), y: document.createElement("div") };
  guides.x.className = "pointer-events-none absolute top-0 bottom-0 w-px bg-amber-400";
  guides.y.className = "pointer-events-none absolute left-0 right-0 h-px bg-amber-400";
  guides.x.dataset.guide = "x";
  guides.y.dataset.guide = "y";

  const byId = (id) => zones.find((z) => z.id === id);
  const typeName = (type) => (texts.types && texts.types[type]) || type;

  // --- canvas size -------------------------------------------------------------------
  // The template's stored canvas (hidden fields the form posts); a custom size the server
  // refuses is sent as typed, so the refusal names it instead of a silent fallback.
  function applyResolution() {
    let size = RESOLUTIONS.find((r) => r.id === resolution.value);
    custom.hidden = resolution.value !== "custom";
    if (canvasWidth && canvasHeight) {
      canvasWidth.value = size ? String(size.width) : customWidth.value.trim();
      canvasHeight.value = size ? String(size.height) : customHeight.value.trim();
    }
    if (!size) size = parseResolution(customWidth.value, customHeight.value) || RESOLUTIONS[0];
    canvas.style.aspectRatio = `${size.width} / ${size.height}`;
    // A portrait canvas keeps to the window's height instead of growing past it.
    frame.style.maxWidth = `calc(70vh * ${size.width / size.height})`;
    canvas.dataset.resolution = `${size.width}x${size.height}`;
  }

  function restoreResolution() {
    if (!canvasWidth || !canvasHeight) return;
    const stored = `${canvasWidth.value}x${canvasHeight.value}`;
    if ([...resolution.options].some((o) => o.value === stored)) {
      resolution.value = stored;
    } else if (parseResolution(canvasWidth.value, canvasHeight.value)) {
      resolution.value = "custom";
      customWidth.value = canvasWidth.value;
      customHeight.value = canvasHeight.value;
    }
  }

  // --- writing back --------------------------------------------------------------------
  function snapOptions() {
    const box = canvas.getBoundingClientRect();
    return {
      grid: Number(gridSelect.value) || 0,
      threshold: pxToPercent(SNAP_THRESHOLD_PX, Math.min(box.width, box.height) || 1),
      snap: snapBox.checked,
    };
  }

  function writeInput() {
    input.value = JSON.stringify(zones, null, 2);
    jsonStatus.textContent = "";
  }

  // A finished change: into the textarea and the history.
  function commit() {
    writeInput();
    history.push(JSON.stringify(zones));
    render();
  }

  function restore(state) {
    zones = JSON.parse(state);
    if (!byId(selected)) selected = zones.length ? zones[0].id : null;
    writeInput();
    render();
  }

  // --- drawing -------------------------------------------------------------------------
  function place(el, zone) {
    el.style.left = `${zone.x}%`;
    el.style.top = `${zone.y}%`;
    el.style.width = `${zone.width}%`;
    el.style.height = `${zone.height}%`;
    el.style.zIndex = String((zone.zIndex || 0) + 1000);
    el.setAttribute(
      "aria-label",
      fill(texts.zoneLabel || "%(name)s", {
        name: zone.name || zone.id,
        type: typeName(zone.type),
        x: zone.x,
        y: zone.y,
        width: zone.width,
        height: zone.height,
      }),
    );
    el.dataset.x = zone.x;
    el.dataset.y = zone.y;
    el.dataset.width = zone.width;
    el.dataset.height = zone.height;
  }

  function zoneElement(zone) {
    const el = document.createElement("div");
    el.className = "absolute box-border cursor-move border border-slate-200/70 text-xs text-white outline-none";
    el.dataset.zoneBox = zone.id;
    el.tabIndex = 0;
    el.setAttribute("role", "button");
    el.setAttribute("aria-pressed", String(zone.id === selected));
    el.style.backgroundColor = `${COLOURS[zone.type] || "#94a3b8"}59`; // 35 % opacity, as the list's previews
    if (zone.id === selected) el.classList.add("ring-2", "ring-amber-400");
    const label = document.createElement("span");
    label.className = "pointer-events-none absolute left-1 top-0.5 truncate";
    label.textContent = `${zone.name || zone.id} · ${typeName(zone.type)}`; // text, never HTML
    el.append(label);
    if (zone.id === selected) {
      for (const edges of HANDLES) {
        const handle = document.createElement("span");
        handle.dataset.handle = edges;
        handle.setAttribute("aria-hidden", "true");
        handle.className = "absolute h-3 w-3 rounded-sm border border-slate-900 bg-amber-300";
        const [a, b] = edges.split(" ");
        const vertical = a === "top" || a === "bottom" ? a : null;
        const horizontal = b || (vertical ? null : a);
        handle.style.top = vertical === "top" ? "-6px" : vertical === "bottom" ? "calc(100% - 6px)" : "calc(50% - 6px)";
        handle.style.left = horizontal === "left" ? "-6px" : horizontal === "right" ? "calc(100% - 6px)" : "calc(50% - 6px)";
        handle.style.cursor = { "top left": "nwse-resize", "bottom right": "nwse-resize", "top right": "nesw-resize", "bottom left": "nesw-resize", top: "ns-resize", bottom: "ns-resize", left: "ew-resize", right: "ew-resize" }[edges];
        el.append(handle);
      }
    }
    place(el, zone);
    return el;
  }

  function renderWarnings() {
    const lines = [];
    if (!zones.length) lines.push(texts.noZones);
    const name = (id) => {
      const zone = byId(id);
      return zone ? zone.name || zone.id : id;
    };
    for (const [a, b] of overlappingPairs(zones)) lines.push(fill(texts.overlap || "", { first: name(a), second: name(b) }));
    for (const id of outOfScreen(zones)) lines.push(fill(texts.outside || "", { zone: name(id) }));
    warnings.replaceChildren(
      ...lines.map((line) => {
        const li = document.createElement("li");
        li.textContent = `⚠ ${line}`;
        return li;
      }),
    );
  }

  function renderInspector() {
    const zone = byId(selected);
    inspector.disabled = !zone;
    zoneSelect.replaceChildren(
      ...zones.map((z) => {
        const option = document.createElement("option");
        option.value = z.id;
        option.textContent = `${z.name || z.id} (${typeName(z.type)})`;
        return option;
      }),
    );
    if (!zone) return;
    zoneSelect.value = zone.id;
    for (const field of inspector.querySelectorAll("[data-field]")) {
      if (document.activeElement === field && field.dataset.field === "id") continue; // being typed
      const value = zone[field.dataset.field];
      field.value = value === null || value === undefined ? "" : String(value);
    }
    idError.hidden = true;
    inspector.querySelector("[data-zindex]").textContent = String(zone.zIndex || 0);
    const style = zone.styleJson && typeof zone.styleJson === "object" ? zone.styleJson : {};
    for (const panel of inspector.querySelectorAll("[data-settings]")) panel.hidden = panel.dataset.settings !== zone.type;
    for (const field of inspector.querySelectorAll("[data-style]")) {
      const value = style[field.dataset.style];
      if (field.type === "checkbox") field.checked = value === undefined ? field.dataset.default === "true" : Boolean(value);
      else if (field.tagName === "SELECT") field.value = value === undefined ? field.options[0].value : String(value);
      else if ("list" in field.dataset) field.value = Array.isArray(value) ? value.join(", ") : "";
      else field.value = value === undefined || value === null ? "" : String(value);
    }
  }

  function render() {
    const hadFocus = canvas.contains(document.activeElement);
    canvas.replaceChildren(...zones.map(zoneElement), guides.x, guides.y);
    guides.x.hidden = true;
    guides.y.hidden = true;
    if (hadFocus && selected !== null) {
      const el = canvas.querySelector(`[data-zone-box="${CSS.escape(selected)}"]`);
      if (el) el.focus();
    }
    renderWarnings();
    renderInspector();
    undoButton.disabled = !history.canUndo();
    redoButton.disabled = !history.canRedo();
  }

  function showGuides(lines) {
    guides.x.hidden = lines.x === null;
    guides.y.hidden = lines.y === null;
    if (lines.x !== null) guides.x.style.left = `${lines.x}%`;
    if (lines.y !== null) guides.y.style.top = `${lines.y}%`;
  }

  // Live, during a gesture: move one box and the numbers, no full redraw (keeps the pointer).
  function updateLive(zone) {
    const el = canvas.querySelector(`[data-zone-box="${CSS.escape(zone.id)}"]`);
    if (el) place(el, zone);
    for (const key of ["x", "y", "width", "height"]) {
      const field = inspector.querySelector(`[data-field="${key}"]`);
      if (field) field.value = String(zone[key]);
    }
    renderWarnings();
  }

  function select(id) {
    if (selected === id) return;
    selected = id;
    render();
  }

  // --- pointer gestures (interact.js) ------------------------------------------------------
  let gesture = null;
  const zoneOf = (event) => byId(event.target.closest("[data-zone-box]").dataset.zoneBox);

  interact("[data-zone-box]", { context: canvas })
    .draggable({
      listeners: {
        start(event) {
          const zone = zoneOf(event);
          selected = zone.id;
          gesture = { id: zone.id, start: { ...zone }, dx: 0, dy: 0 };
        },
        move(event) {
          if (!gesture) return;
          const zone = byId(gesture.id);
          const box = canvas.getBoundingClientRect();
          gesture.dx += event.dx;
          gesture.dy += event.dy;
          const raw = {
            ...gesture.start,
            x: gesture.start.x + pxToPercent(gesture.dx, box.width),
            y: gesture.start.y + pxToPercent(gesture.dy, box.height),
          };
          const { rect, guides: lines } = snapMove(raw, zones, zone.id, snapOptions());
          Object.assign(zone, rect);
          updateLive(zone);
          showGuides(lines);
        },
        end() {
          gesture = null;
          commit();
        },
      },
    })
    .resizable({
      edges: {
        left: "[data-handle~=left]",
        right: "[data-handle~=right]",
        top: "[data-handle~=top]",
        bottom: "[data-handle~=bottom]",
      },
      listeners: {
        start(event) {
          const zone = zoneOf(event);
          gesture = { id: zone.id, start: { ...zone }, left: 0, right: 0, top: 0, bottom: 0 };
        },
        move(event) {
          if (!gesture) return;
          const zone = byId(gesture.id);
          const box = canvas.getBoundingClientRect();
          for (const key of ["left", "right", "top", "bottom"]) gesture[key] += event.deltaRect[key];
          const s = gesture.start;
          const raw = {
            x: s.x + pxToPercent(gesture.left, box.width),
            y: s.y + pxToPercent(gesture.top, box.height),
            width: s.width + pxToPercent(gesture.right - gesture.left, box.width),
            height: s.height + pxToPercent(gesture.bottom - gesture.top, box.height),
          };
          const { rect, guides: lines } = snapResize(raw, event.edges, zones, zone.id, snapOptions());
          Object.assign(zone, rect);
          updateLive(zone);
          showGuides(lines);
        },
        end() {
          gesture = null;
          commit();
        },
      },
    });

  let pointerDown = false;
  document.addEventListener("pointerup", () => {
    pointerDown = false;
  });
  canvas.addEventListener("pointerdown", (event) => {
    pointerDown = true;
    const box = event.target.closest("[data-zone-box]");
    if (box && box.dataset.zoneBox !== selected) {
      // Selecting redraws the boxes (handles appear): do it when the gesture is over.
      const id = box.dataset.zoneBox;
      const once = () => {
        document.removeEventListener("pointerup", once);
        if (!gesture) select(id);
      };
      document.addEventListener("pointerup", once);
    }
  });

  // --- keyboard ------------------------------------------------------------------------
  canvas.addEventListener("focusin", (event) => {
    const box = event.target.closest("[data-zone-box]");
    // A click focuses the box too: the pointer handler selects it once the gesture is over.
    if (box && box.dataset.zoneBox !== selected && !gesture && !pointerDown) select(box.dataset.zoneBox);
  });

  canvas.addEventListener("keydown", (event) => {
    const box = event.target.closest("[data-zone-box]");
    const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (!box || !arrows[event.key]) return;
    event.preventDefault();
    const zone = byId(box.dataset.zoneBox);
    const step = event.shiftKey ? 10 : Number(gridSelect.value) || 1;
    const [dx, dy] = arrows[event.key];
    Object.assign(zone, nudge(zone, dx * step, dy * step, { resize: event.altKey }));
    commit();
  });

  root.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.target.closest("input, textarea, select")) return;
    const key = event.key.toLowerCase();
    if (key === "z" && !event.shiftKey) {
      event.preventDefault();
      restore(history.undo());
    } else if (key === "y" || (key === "z" && event.shiftKey)) {
      event.preventDefault();
      restore(history.redo());
    }
  });

  undoButton.addEventListener("click", () => restore(history.undo()));
  redoButton.addEventListener("click", () => restore(history.redo()));

  // --- palette, inspector ----------------------------------------------------------------
  for (const button of root.querySelectorAll("[data-add]")) {
    button.addEventListener("click", () => {
      const type = button.dataset.add;
      const starter = STARTERS[type];
      const id = newZoneId(zones, button.dataset.addName || type);
      const top = zones.reduce((max, z) => Math.max(max, z.zIndex || 0), -1);
      const name = button.dataset.addName ? texts.webPage : typeName(type);
      zones.push({
        id,
        name,
        type,
        x: 0,
        y: 0,
        width: starter.width,
        height: starter.height,
        zIndex: top + 1,
        backgroundColor: starter.backgroundColor || null,
        padding: 0,
        styleJson: { ...starter.styleJson },
      });
      selected = id;
      commit();
      canvas.querySelector(`[data-zone-box="${CSS.escape(id)}"]`)?.focus();
    });
  }

  zoneSelect.addEventListener("change", () => select(zoneSelect.value));

  for (const field of inspector.querySelectorAll("[data-field]")) {
    field.addEventListener("change", () => {
      const zone = byId(selected);
      if (!zone) return;
      const key = field.dataset.field;
      if (key === "id") {
        const value = field.value.trim();
        if (!ZONE_ID.test(value) || (value !== zone.id && byId(value))) {
          idError.textContent = texts.badId;
          idError.hidden = false;
          return;
        }
        zone.id = value;
        selected = value;
      } else if ("number" in field.dataset) {
        const value = Number(field.value);
        if (field.value === "" || !Number.isFinite(value)) return render();
        zone[key] = value;
        if (["x", "y", "width", "height"].includes(key)) Object.assign(zone, nudge(zone, 0, 0));
      } else if (key === "backgroundColor") {
        zone[key] = field.value.trim() || null;
      } else {
        zone[key] = field.value;
      }
      commit();
    });
  }

  for (const field of inspector.querySelectorAll("[data-style]")) {
    field.addEventListener("change", () => {
      const zone = byId(selected);
      if (!zone) return;
      const style = { ...(zone.styleJson || {}) };
      const key = field.dataset.style;
      if (field.type === "checkbox") style[key] = field.checked;
      else if ("list" in field.dataset) {
        const names = field.value.split(",").map((name) => name.trim()).filter(Boolean);
        if (names.length) style[key] = names;
        else delete style[key];
      } else if ("number" in field.dataset) {
        if (field.value === "") delete style[key];
        else if (Number.isFinite(Number(field.value))) style[key] = Number(field.value);
      } else if (field.value.trim() === "") delete style[key];
      else style[key] = field.value.trim();
      zone.styleJson = style;
      commit();
    });
  }

  for (const button of inspector.querySelectorAll("[data-stack]")) {
    button.addEventListener("click", () => {
      if (!selected) return;
      zones = restack(zones, selected, button.dataset.stack);
      commit();
    });
  }

  inspector.querySelector("[data-remove]").addEventListener("click", () => {
    const at = zones.findIndex((z) => z.id === selected);
    if (at < 0) return;
    zones.splice(at, 1);
    selected = zones.length ? zones[Math.max(0, at - 1)].id : null;
    commit();
  });

  // Typed JSON: the canvas follows once it parses (the textarea stays as typed).
  input.addEventListener("input", () => {
    const parsed = parseZones(input.value);
    if (parsed.error) {
      jsonStatus.textContent = texts[parsed.error] || "";
      return;
    }
    jsonStatus.textContent = "";
    zones = parsed.zones.filter(drawable);
    if (!byId(selected)) selected = zones.length ? zones[0].id : null;
    history.push(JSON.stringify(zones));
    render();
  });

  resolution.addEventListener("change", applyResolution);
  customWidth.addEventListener("input", applyResolution);
  customHeight.addEventListener("input", applyResolution);
  restoreResolution();
  applyResolution();
  render();
}

for (const root of document.querySelectorAll("[data-layout-designer]")) setup(root);
