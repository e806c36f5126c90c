// Bulk actions on a list (issue 16): rows carry `<input type=checkbox name=ids form=F>`, the
// action bar is `<form id=F data-bulk>` with `[data-bulk-count]`, its buttons and an optional
// `[data-bulk-all]` box that ticks the page. Buttons stay disabled until a row is ticked; a
// command marked dangerous (`data-confirm-values` on its select) is asked first.
import { selectionText } from "./bulk-rules.js";

for (const form of document.querySelectorAll("form[data-bulk]")) {
  const boxes = () => [...document.querySelectorAll(`input[type=checkbox][name=ids][form="${form.id}"]`)];
  const all = document.querySelector(`[data-bulk-all="${form.id}"]`);
  const count = form.querySelector("[data-bulk-count]");
  const buttons = [...form.querySelectorAll("button[name=action]")];

  const refresh = () => {
    const ticked = boxes().filter((box) => box.checked).length;
    count.textContent = selectionText(ticked, count.dataset);
    for (const button of buttons) button.disabled = ticked === 0;
    if (all) {
      all.checked = ticked > 0 && ticked === boxes().length;
      all.indeterminate = ticked > 0 && ticked < boxes().length;
    }
  };

  document.addEventListener("change", (event) => {
    if (event.target === all) {
      for (const box of boxes()) box.checked = all.checked;
    }
    refresh();
  });

  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    const select = button?.dataset.bulkSelect ? form.querySelector(`[name="${button.dataset.bulkSelect}"]`) : null;
    const dangerous = (select?.dataset.confirmValues || "").split(" ").filter(Boolean);
    if (select && dangerous.includes(select.value) && !window.confirm(select.dataset.confirmQuestion)) {
      event.preventDefault();
    }
  });

  refresh();
}
