// Ordering a playlist's items, zone by zone: by drag and drop (Sortable), or from the keyboard
// (Alt+Arrow Up/Down anywhere in a row, or its move-up/move-down buttons), the move said in
// the page's live region. The server takes the rows in the order the form holds them, so
// moving a row is all there is to do; a row never leaves its zone (each zone is its own group).
import Sortable from "sortablejs";
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
