// Drag and drop ordering of a playlist's items, zone by zone. The server takes the rows in
// the order the form holds them, so moving a row is all there is to do; a row never leaves
// its zone (each zone is its own Sortable group).
import Sortable from "sortablejs";

for (const body of document.querySelectorAll("[data-sortable-zone]")) {
  Sortable.create(body, {
    group: `zone-${body.dataset.sortableZone}`,
    handle: "[data-drag-handle]",
    draggable: "tr[data-testid='item-row']",
    animation: 150,
    onEnd: () => body.closest("form").dataset.dirty = "true",
  });
}
