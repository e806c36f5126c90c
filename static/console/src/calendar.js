// The calendar of a screen or a group: blocks read from the page's JSON endpoint, placed by
// the site's wall clock; dragged, resized, drawn and keyed through the schedules API (the
// same checks, the same overlap warnings as every other way in). interact.js gives the
// gestures; calendar-geometry.js the arithmetic.
import interact from "interactjs";
import { DAY, SLOT, addDays, createdWindow, dayDelta, lanes, minuteAt, shifted, snapMinutes } from "./calendar-geometry.js";

const HOUR_PX = 40;
const COLUMN_PX = 24 * HOUR_PX;
const COLOURS = [
  "bg-sky-200 text-sky-950 border-sky-400",
  "bg-emerald-200 text-emerald-950 border-emerald-400",
  "bg-violet-200 text-violet-950 border-violet-400",
  "bg-orange-200 text-orange-950 border-orange-400",
  "bg-pink-200 text-pink-950 border-pink-400",
  "bg-lime-200 text-lime-950 border-lime-400",
  "bg-cyan-200 text-cyan-950 border-cyan-400",
  "bg-yellow-200 text-yellow-950 border-yellow-400",
];

function fill(text, values) {
  return String(text || "").replace(/%\((\w+)\)s/g, (all, key) => (key in values ? String(values[key]) : all));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text; // text, never HTML
  return node;
}

function setup(root) {
  const texts = JSON.parse(root.dataset.texts || "{}");
  const editable = root.dataset.editable === "true";
  const heads = root.querySelector("[data-day-heads]");
  const grid = root.querySelector("[data-grid]");
  const scroller = root.querySelector("[data-scroller]");
  const status = document.querySelector("[data-calendar-status]");
  const range = document.querySelector("[data-range]");
  const dialog = document.querySelector("[data-create-dialog]");
  const lang = document.documentElement.lang || undefined;
  const dayName = new Intl.DateTimeFormat(lang, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
  const longDay = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const asDate = (day) => new Date(`${day}T00:00:00Z`);

  const params = new URLSearchParams(location.search);
  const state = { start: params.get("start") || "", days: params.get("days") === "1" ? 1 : 7, data: null };
  let focusAfter = null;
  let scrolled = false;

  // --- talking to the server -----------------------------------------------------------
  function say(lines, tone = "ok") {
    const colour = tone === "error" ? "text-red-700" : "text-emerald-800";
    status.replaceChildren(
      ...lines.map((line, index) => el("p", index === 0 ? colour : "text-amber-800", index === 0 ? line : `⚠ ${line}`)),
    );
  }

  function refusal(body) {
    const error = (body && body.error) || {};
    const fields = Object.values(error.fields || {});
    return [error.message, ...fields].filter(Boolean).join(" ");
  }

  async function send(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify(body),
    });
    let json = null;
    try {
      json = await response.json();
    } catch {
      json = null;
    }
    return { ok: response.ok, json };
  }

  async function load() {
    const query = new URLSearchParams({ days: String(state.days) });
    if (state.start) query.set("start", state.start);
    const response = await fetch(`${root.dataset.url}?${query}`, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    state.data = await response.json();
    state.start = state.data.start;
    const shown = new URLSearchParams({ start: state.start });
    if (state.days === 1) shown.set("days", "1");
    history.replaceState(null, "", `${location.pathname}?${shown}`);
    render();
  }

  async function change(block, delta) {
    const schedule = state.data.schedules[block.scheduleId];
    const body = shifted(schedule, delta);
    if (!body) {
      render();
      return;
    }
    focusAfter = block.scheduleId;
    let answer;
    try {
      answer = await send("PUT", `${root.dataset.api}/${encodeURIComponent(block.scheduleId)}`, body);
    } catch {
      say([texts.failed], "error");
      render();
      return;
    }
    if (answer.ok) {
      const saved = answer.json;
      const window = saved.isRecurring
        ? { start: saved.startTime || "00:00", end: saved.endTime || "24:00" }
        : { start: `${saved.startDate || ""} ${saved.startTime || ""}`.trim(), end: `${saved.endDate || ""} ${saved.endTime || ""}`.trim() };
      say([fill(texts.saved, { name: saved.name, ...window }), ...(saved.warnings || []).map((w) => w.message)]);
    } else {
      say([fill(texts.refused, { reason: refusal(answer.json) })], "error");
    }
    await load();
  }

  // --- drawing ---------------------------------------------------------------------------
  function blockElement(block, lane, colourIndex) {
    const node = el(
      "div",
      `absolute overflow-hidden rounded border px-1 text-xs leading-tight shadow-sm ${COLOURS[colourIndex % COLOURS.length]}`,
    );
    if (block.isInterruption) node.classList.add("border-l-4", "border-l-red-600");
    // A switched-off schedule is drawn greyed and dashed where it would play; it never plays.
    if (block.isEnabled === false) node.classList.add("opacity-40", "grayscale", "border-dashed", "border-slate-500");
    else if (!block.plays) node.classList.add("opacity-50");
    if (block.isEnabled === false) node.dataset.disabled = "";
    node.tabIndex = 0;
    node.setAttribute("role", "button");
    node.dataset.block = "";
    node.dataset.scheduleId = block.scheduleId;
    node.dataset.day = block.day;
    node.dataset.start = block.start;
    node.dataset.end = block.end;
    node.style.top = `${(block.startMinute / DAY) * COLUMN_PX}px`;
    node.style.height = `${Math.max(((block.endMinute - block.startMinute) / DAY) * COLUMN_PX, 12)}px`;
    node.style.left = `calc(${(lane.lane / lane.lanes) * 100}% + 2px)`;
    node.style.width = `calc(${100 / lane.lanes}% - 10px)`; // leaves the right edge to alerts
    const notes = [fill(texts.priority, { priority: block.priority })];
    if (block.isInterruption) notes.push(texts.interruption);
    if (block.isEnabled === false) notes.push(texts.disabled);
    else if (!block.plays) notes.push(texts.overridden);
    if (block.viaGroup) notes.push(texts.group);
    node.setAttribute(
      "aria-label",
      `${fill(texts.blockLabel, {
        name: block.name,
        playlist: block.playlistName,
        day: dayName.format(asDate(block.day)),
        start: block.start,
        end: block.end,
        priority: block.priority,
      })}${notes.length > 1 ? `; ${notes.slice(1).join(", ")}` : ""}`,
    );
    const title = el("div", "truncate font-semibold");
    if (block.isInterruption) title.append(el("span", "mr-1 rounded bg-red-600 px-1 text-white", "!"));
    title.append(el("span", "", block.name));
    node.append(
      title,
      el("div", "truncate", `${block.start}–${block.end} · P${block.priority}`),
      el("div", "truncate", block.playlistName),
    );
    if (editable && block.endsHere) {
      const handle = el("div", "absolute inset-x-0 bottom-0 h-2 cursor-ns-resize");
      handle.dataset.resizeEnd = "";
      handle.setAttribute("aria-hidden", "true");
      node.append(handle);
    }
    return node;
  }

  // An armed alert interrupts whatever plays: a red band on the day's right edge, linked.
  function alertElement(alert) {
    const link = el("a", "absolute right-0 z-20 w-1.5 rounded-sm bg-red-600 hover:w-3 focus:w-3");
    link.href = alert.url;
    link.dataset.alert = alert.alertId;
    link.style.top = `${(alert.startMinute / DAY) * COLUMN_PX}px`;
    link.style.height = `${Math.max(((alert.endMinute - alert.startMinute) / DAY) * COLUMN_PX, 4)}px`;
    const label = fill(texts.alert, { title: alert.title, day: dayName.format(asDate(alert.day)), start: alert.start, end: alert.end });
    link.setAttribute("aria-label", label);
    link.title = label;
    return link;
  }

  function render() {
    const data = state.data;
    const days = data.days;
    const columns = `4rem repeat(${days.length}, minmax(0, 1fr))`;
    heads.style.gridTemplateColumns = columns;
    grid.style.gridTemplateColumns = columns;
    heads.replaceChildren(el("div", "px-2 py-2"), ...days.map((day) => el("div", "border-l border-slate-200 px-2 py-2", dayName.format(asDate(day)))));
    range.textContent = state.days === 1 ? longDay.format(asDate(days[0])) : fill(texts.week, { day: dayName.format(asDate(days[0])) });
    for (const button of document.querySelectorAll("[data-view]")) button.setAttribute("aria-pressed", String(Number(button.dataset.view) === state.days));

    const gutter = el("div", "relative");
    gutter.style.height = `${COLUMN_PX}px`;
    for (let hour = 0; hour < 24; hour += 1) {
      const label = el("div", "absolute right-2 -translate-y-1/2 text-xs text-slate-500", `${String(hour).padStart(2, "0")}:00`);
      label.style.top = `${hour * HOUR_PX}px`;
      if (hour > 0) gutter.append(label);
    }
    const colourOf = new Map(Object.keys(data.schedules).map((id, index) => [id, index]));
    const columnsEls = days.map((day) => {
      const column = el("div", "relative border-l border-slate-200");
      column.dataset.dayColumn = day;
      column.style.height = `${COLUMN_PX}px`;
      for (let hour = 1; hour < 24; hour += 1) {
        const line = el("div", "pointer-events-none absolute inset-x-0 border-t border-slate-100");
        line.style.top = `${hour * HOUR_PX}px`;
        column.append(line);
      }
      const mine = data.blocks.filter((b) => b.day === day);
      const laneOf = lanes(mine);
      for (const block of mine) column.append(blockElement(block, laneOf.get(block), colourOf.get(block.scheduleId) || 0));
      for (const alert of (data.alerts || []).filter((a) => a.day === day)) column.append(alertElement(alert));
      return column;
    });
    grid.replaceChildren(gutter, ...columnsEls);
    if (!scrolled) {
      scroller.scrollTop = 7 * HOUR_PX;
      scrolled = true;
    }
    if (focusAfter) {
      grid.querySelector(`[data-schedule-id="${CSS.escape(focusAfter)}"]`)?.focus();
      focusAfter = null;
    }
  }

  const blockOf = (node) => {
    const box = node.closest("[data-block]");
    return state.data.blocks.find(
      (b) => b.scheduleId === box.dataset.scheduleId && b.day === box.dataset.day && b.start === box.dataset.start,
    );
  };
  const columnAt = (x) =>
    [...grid.querySelectorAll("[data-day-column]")].find((column) => {
      const r = column.getBoundingClientRect();
      return x >= r.left && x < r.right;
    });

  // --- gestures ----------------------------------------------------------------------------
  if (editable) {
    let gesture = null;
    interact("[data-block]", { context: grid })
      .draggable({
        listeners: {
          start(event) {
            gesture = { block: blockOf(event.target), dx: 0, dy: 0 };
          },
          move(event) {
            gesture.dx += event.dx;
            gesture.dy += event.dy;
            event.target.style.transform = `translate(${gesture.dx}px, ${snapMinutes((gesture.dy / HOUR_PX) * 60) / 60 * HOUR_PX}px)`;
            event.target.classList.add("z-10", "ring-2", "ring-slate-900");
          },
          end(event) {
            const { block, dy } = gesture;
            gesture = null;
            const column = columnAt(event.client.x);
            const days = column ? dayDelta(block.day, column.dataset.dayColumn) : 0;
            const minutes = days * DAY + snapMinutes((dy / HOUR_PX) * 60);
            if (minutes === 0) render();
            else change(block, { start: minutes, end: minutes });
          },
        },
      })
      .resizable({
        edges: { bottom: "[data-resize-end]" },
        listeners: {
          start(event) {
            gesture = { block: blockOf(event.target), dh: 0, height: event.target.getBoundingClientRect().height };
          },
          move(event) {
            gesture.dh += event.deltaRect.bottom;
            event.target.style.height = `${Math.max(gesture.height + gesture.dh, 8)}px`;
          },
          end() {
            const { block, dh } = gesture;
            gesture = null;
            const minutes = snapMinutes((dh / HOUR_PX) * 60);
            if (minutes === 0) render();
            else change(block, { end: minutes });
          },
        },
      })
      .on("tap", (event) => {
        location.href = blockOf(event.target).url;
      });

    // Drawing a new window on an empty part of a day.
    let drawing = null;
    grid.addEventListener("pointerdown", (event) => {
      const column = event.target.closest("[data-day-column]");
      if (!column || event.target.closest("[data-block], [data-alert]") || event.button !== 0) return;
      const top = column.getBoundingClientRect().top;
      const from = Math.min(DAY - SLOT, Math.floor(((event.clientY - top) / COLUMN_PX) * (DAY / SLOT)) * SLOT);
      const ghost = el("div", "pointer-events-none absolute inset-x-1 rounded border-2 border-dashed border-slate-700 bg-slate-300/60");
      ghost.dataset.ghost = "";
      column.append(ghost);
      drawing = { column, top, from, to: from + SLOT, ghost };
      column.setPointerCapture(event.pointerId);
      drawGhost();
      event.preventDefault();
    });
    const drawGhost = () => {
      const lo = Math.min(drawing.from, drawing.to);
      const hi = Math.max(drawing.from, drawing.to);
      drawing.ghost.style.top = `${(lo / DAY) * COLUMN_PX}px`;
      drawing.ghost.style.height = `${((hi - lo) / DAY) * COLUMN_PX}px`;
    };
    grid.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      const at = minuteAt(event.clientY - drawing.top, COLUMN_PX);
      drawing.to = at > drawing.from ? Math.max(at, drawing.from + SLOT) : Math.min(at, drawing.from);
      drawGhost();
    });
    grid.addEventListener("pointerup", () => {
      if (!drawing) return;
      const { column, from, to, ghost } = drawing;
      drawing = null;
      const lo = Math.min(from, to);
      const hi = Math.max(from, to === from ? from + SLOT : to);
      openCreate(column.dataset.dayColumn, lo, Math.max(hi, lo + SLOT), ghost);
    });

    // Keyboard: the same changes as the pointer, a quarter of an hour or a day at a time.
    grid.addEventListener("keydown", (event) => {
      const box = event.target.closest("[data-block]");
      if (!box) return;
      const block = blockOf(box);
      const moves = { ArrowUp: -SLOT, ArrowDown: SLOT, ArrowLeft: -DAY, ArrowRight: DAY };
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        location.href = block.url;
      } else if (event.shiftKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        event.preventDefault();
        change(block, { end: moves[event.key] });
      } else if (moves[event.key]) {
        event.preventDefault();
        change(block, { start: moves[event.key], end: moves[event.key] });
      }
    });
  } else {
    grid.addEventListener("click", (event) => {
      const box = event.target.closest("[data-block]");
      if (box) location.href = blockOf(box).url;
    });
    grid.addEventListener("keydown", (event) => {
      const box = event.target.closest("[data-block]");
      if (box && event.key === "Enter") location.href = blockOf(box).url;
    });
  }

  // --- the create dialog -----------------------------------------------------------------
  let pending = null;
  function openCreate(day, from, to, ghost) {
    pending = { day, from, to, ghost };
    const form = dialog.querySelector("[data-create-form]");
    form.reset();
    dialog.querySelector("[data-create-errors]").replaceChildren();
    const clock = (m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    dialog.querySelector("[data-create-window]").textContent = `${longDay.format(asDate(day))}, ${clock(from)}–${clock(to)}`;
    dialog.showModal();
    form.elements.name.focus();
  }

  function closeCreate() {
    if (pending) pending.ghost.remove();
    pending = null;
    dialog.close();
  }

  if (dialog) {
    const form = dialog.querySelector("[data-create-form]");
    dialog.querySelector("[data-create-cancel]").addEventListener("click", closeCreate);
    dialog.addEventListener("cancel", () => {
      if (pending) pending.ghost.remove();
      pending = null;
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!pending) return;
      const fields = form.elements;
      const body = {
        name: fields.name.value.trim(),
        targetType: root.dataset.targetType,
        targetId: root.dataset.targetId,
        playlistId: fields.playlistId.value,
        priority: Number(fields.priority.value || 50),
        isInterruption: fields.isInterruption.checked,
        ...createdWindow(pending.day, pending.from, pending.to, { recurring: fields.weekly.checked }),
      };
      let answer;
      try {
        answer = await send("POST", root.dataset.api, body);
      } catch {
        answer = { ok: false, json: { error: { message: texts.failed } } };
      }
      if (!answer.ok) {
        const error = (answer.json && answer.json.error) || {};
        const lines = [error.message, ...Object.entries(error.fields || {}).map(([k, v]) => `${k}: ${v}`)].filter(Boolean);
        dialog.querySelector("[data-create-errors]").replaceChildren(...lines.map((line) => el("li", "", line)));
        return;
      }
      focusAfter = answer.json.id;
      closeCreate();
      say([fill(texts.created, { name: answer.json.name }), ...(answer.json.warnings || []).map((w) => w.message)]);
      await load();
    });
  }

  // --- navigation ------------------------------------------------------------------------
  for (const button of document.querySelectorAll("[data-nav]")) {
    button.addEventListener("click", () => {
      const step = Number(button.dataset.nav);
      state.start = step === 0 ? "" : addDays(state.start, step * state.days);
      load();
    });
  }
  for (const button of document.querySelectorAll("[data-view]")) {
    button.addEventListener("click", () => {
      state.days = Number(button.dataset.view);
      load();
    });
  }

  load();
}

for (const root of document.querySelectorAll("[data-calendar]")) setup(root);
