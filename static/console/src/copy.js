// A button with `data-copy="text"` copies the text to the clipboard and says so for a moment
// (its `data-copied` text), or, where the browser refuses (no HTTPS, no permission), asks to
// select and copy by hand (`data-copy-failed`). A module: the console's CSP allows no inline script.

const SHOWN_MS = 2000;

document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
  if (!button) return;
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  try {
    await navigator.clipboard.writeText(button.dataset.copy);
    button.textContent = button.dataset.copied || label;
  } catch {
    button.textContent = button.dataset.copyFailed || label;
  }
  setTimeout(() => {
    button.textContent = label;
  }, SHOWN_MS);
});
