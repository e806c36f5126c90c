// The playlist page's preview panel: "Restart the preview" loads the frame again, which plays
// the saved version from its first item (a save reloads the whole page, the frame with it).
const frame = document.querySelector("[data-preview-frame]");
const restart = document.querySelector("[data-preview-restart]");
if (frame && restart) {
  restart.addEventListener("click", () => {
    frame.src = frame.src;
  });
}
