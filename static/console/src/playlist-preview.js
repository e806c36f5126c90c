// The playlist page's preview panel. The frame loads on demand (it fetches every media of the
// playlist); once started in this tab it starts again by itself after each save (the page
// reloads), so the saved version is what plays. "Restart" plays it from its first item.
const panel = document.querySelector("[data-playlist-preview]");
const frame = panel?.querySelector("[data-preview-frame]");
const play = panel?.querySelector("[data-preview-play]");
const restart = panel?.querySelector("[data-preview-restart]");

function remembered(key) {
  try {
    return sessionStorage.getItem(key) === "on";
  } catch {
    return false; // storage refused: start on demand only
  }
}

function remember(key) {
  try {
    sessionStorage.setItem(key, "on");
  } catch {
    // the preview still plays; it will not restart by itself after a save
  }
}

// The frame takes its template's canvas aspect (set here: the console's CSP refuses style
// attributes); a portrait canvas keeps to the window's height.
function shape(el) {
  const [width, height] = (el.dataset.canvas || "").split("x").map(Number);
  if (!(width > 0 && height > 0)) return;
  el.style.aspectRatio = `${width} / ${height}`;
  el.style.maxWidth = `calc(70vh * ${width / height})`;
}

if (frame) shape(frame);

if (panel && frame && play && restart) {
  const key = `signage.preview.${panel.dataset.playlistPreview}`;
  const start = () => {
    frame.src = frame.dataset.src;
    play.hidden = true;
    restart.hidden = false;
    remember(key);
  };
  play.addEventListener("click", start);
  restart.addEventListener("click", start);
  if (remembered(key)) start();
}
