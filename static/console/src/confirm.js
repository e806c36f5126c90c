// Asks before the actions a first day regrets (issue 13): a click on any element with
// `data-confirm="question"` (REBOOT, RESTART_BROWSER...) and a form whose select carries
// `data-confirm-value="ALL"` with `data-confirm-question` (an alert to every screen).
// Capture phase on the document: it runs before the page's own handlers and stops them
// when the answer is no. A module (the console's CSP allows no inline script).

document.addEventListener(
  "click",
  (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
    if (target && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true,
);

document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    for (const select of form.querySelectorAll("[data-confirm-value]")) {
      if (select.value === select.dataset.confirmValue && !window.confirm(select.dataset.confirmQuestion)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
    }
  },
  true,
);
