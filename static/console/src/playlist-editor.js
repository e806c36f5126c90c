// Ordering a playlist's items, zone by zone: by drag and drop (Sortable), or from the keyboard
// (Alt+Arrow Up/Down anywhere in a row, or its move-up/move-down buttons), the move said in
// the page's live region. The server takes the rows in the order the form holds them, so
// moving a row is all there is to do; a row never leaves its zone (each zone is its own group).
import Sortable from "sortablejs";
import { clockText } from "./durations.js";
import { moveIndex, moveMessage } from "./reorder.js";

const ROW = "tr[data-testid='item-row']";
const form = document.querySelector("[data-playlist-editor]");
const texts = JSON.parse(form?.dataset.texts || "{}");
const status = form?.querySelector("[data-reorder-status]");

function changed() {
  form.dataset.dirty = "true";
}

function move(row, step, keepFocus) {
  const body = row.parentElement;
  const rows = [...body.querySelectorAll(ROW)];
  const from = rows.indexOf(row);
  const to = moveIndex(from, rows.length, step);
  if (to !== null) {
    if (step < 0) rows[to].before(row);
    else rows[to].after(row);
    changed();
  }
  // Moving a node drops the focus: put it back where the user was, in the moved row.
  (row.contains(keepFocus) ? keepFocus : row.querySelector("[data-drag-handle]"))?.focus();
  if (status) status.textContent = moveMessage(texts, row.dataset.name || "", to, step, rows.length);
}

for (const body of document.querySelectorAll("[data-sortable-zone]")) {
  Sortable.create(body, {
    group: `zone-${body.dataset.sortableZone}`,
    handle: "[data-drag-handle]",
    draggable: ROW,
    animation: 150,
    onEnd: changed,
  });
  body.addEventListener("keydown", (event) => {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    const row = event.target.closest(ROW);
    if (!row) return;
    event.preventDefault(); // Alt+Down would open a select's list
    move(row, event.key === "ArrowUp" ? -1 : 1, event.target);
  });
  body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    move(button.closest(ROW), button.dataset.move === "up" ? -1 : 1, button);
  });
}

// The media picker: each zone's "Add media" opens it for the types that zone plays; a pick adds
// a row to the zone (saved with the rest by the one "Save items"), so nothing typed is lost.
const picker = document.querySelector("[data-media-picker]");
const rowTemplate = document.querySelector("template[data-row-template]");
const pickerTexts = JSON.parse(picker?.dataset.texts || "{}");
let pickerZone = null;
let accepted = [];
let nextRow = document.querySelectorAll(ROW).length;

function typeLabel(type) {
  return (pickerTexts.types || {})[type] || type;
}

function thumbnailOf(media, className) {
  if (media.thumbnailUrl) {
    const img = document.createElement("img");
    img.src = media.thumbnailUrl;
    img.alt = "";
    img.className = className;
    return img;
  }
  const box = document.createElement("span");
  box.className = `${className} flex items-center justify-center bg-slate-800 text-[10px] font-semibold text-slate-300`;
  box.textContent = typeLabel(media.type);
  return box;
}


function addRow(zone, media) {
  const body = document.querySelector(`[data-sortable-zone="${CSS.escape(zone)}"]`);
  if (!body || !rowTemplate) return;
  const key = `r${nextRow++}`;
  const row = rowTemplate.content.firstElementChild.cloneNode(true);
  for (const element of row.querySelectorAll("[name]")) {
    element.name = element.name.replace("__KEY__", key);
    if (element.value === "__KEY__") element.value = key;
    if (element.value === "__ZONE__") element.value = zone;
  }
  row.dataset.name = media.name;
  row.querySelector("[data-field=media]").value = media.id;
  row.querySelector("[data-field=name]").textContent = media.name;
  row.querySelector("[data-field=kind]").textContent = typeLabel(media.type);
  row.querySelector("[data-field=kind-box]")?.replaceWith(thumbnailOf(media, "h-10 w-16 flex-none rounded object-cover"));
  const duration = row.querySelector("[data-field=duration]");
  const fallback = document.querySelector(`[data-zone-total="${CSS.escape(zone)}"]`)?.dataset.defaultDuration || "10";
  duration.placeholder = media.duration ? String(Math.max(1, Math.round(media.duration))) : fallback;
  // The row template's labels name "__NAME__", in the page's language: the media's name goes there.
  for (const element of row.querySelectorAll("[aria-label]")) {
    element.setAttribute("aria-label", element.getAttribute("aria-label").replace("__NAME__", media.name));
  }
  body.querySelector("[data-empty-zone]")?.remove();
  body.append(row);
  changed();
  updateTotals();
  if (status) status.textContent = (pickerTexts.added || "%(name)s added.").replace("%(name)s", media.name);
}

function updateTotals() {
  for (const total of document.querySelectorAll("[data-zone-total]")) {
    const body = document.querySelector(`[data-sortable-zone="${CSS.escape(total.dataset.zoneTotal)}"]`);
    let seconds = 0;
    for (const row of body?.querySelectorAll(ROW) || []) {
      if (row.querySelector("[data-field=remove]")?.checked) continue;
      const input = row.querySelector("[data-field=duration]");
      seconds += Number(input?.value || input?.placeholder || 0);
    }
    total.textContent = (pickerTexts.total || "Total: %(duration)s").replace("%(duration)s", clockText(seconds));
  }
}

async function search() {
  const results = picker.querySelector("[data-picker-results]");
  const note = picker.querySelector("[data-picker-status]");
  const url = new URL(picker.dataset.mediaUrl, location.href);
  url.searchParams.set("limit", "100");
  const term = picker.querySelector("[data-picker-search]").value.trim();
  const type = picker.querySelector("[data-picker-type]").value;
  if (term) url.searchParams.set("q", term);
  if (type) url.searchParams.set("type", type);
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const items = (await response.json()).items.filter((media) => accepted.includes(media.type));
  results.replaceChildren(
    ...items.map((media) => {
      const entry = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "block w-full overflow-hidden rounded-md border border-slate-200 text-left hover:border-slate-500 focus:border-slate-900";
      button.dataset.testid = "picker-media";
      button.append(thumbnailOf(media, "aspect-video w-full object-cover"));
      const name = document.createElement("span");
      name.className = "block truncate px-2 py-1 text-sm font-medium";
      name.textContent = media.name;
      const kind = document.createElement("span");
      kind.className = "block px-2 pb-1 text-xs text-slate-500";
      kind.textContent = typeLabel(media.type);
      button.append(name, kind);
      button.addEventListener("click", () => {
        addRow(pickerZone, media);
        picker.close();
      });
      entry.append(button);
      return entry;
    }),
  );
  note.textContent = items.length ? "" : pickerTexts.none || "";
}

if (picker && form) {
  let pending = null;
  const later = () => {
    clearTimeout(pending);
    pending = setTimeout(search, 200);
  };
  picker.querySelector("[data-picker-search]").addEventListener("input", later);
  picker.querySelector("[data-picker-type]").addEventListener("change", search);
  document.addEventListener("click", (event) => {
    const opener = event.target.closest("[data-open-picker]");
    if (!opener) return;
    pickerZone = opener.dataset.openPicker;
    accepted = opener.dataset.accepts.split(" ").filter(Boolean);
    const select = picker.querySelector("[data-picker-type]");
    select.replaceChildren(select.options[0]);
    for (const type of accepted) select.append(new Option(typeLabel(type), type));
    picker.querySelector("[data-picker-search]").value = "";
    picker.showModal();
    search();
  });
  form.addEventListener("input", updateTotals);
  form.addEventListener("change", updateTotals);
}
