// The console's preview of a playlist (/admin/playlists/{id}/preview, in an iframe of the
// playlist page): the screen's own Stage (render/), given the playlist as the server would send
// it to a screen, in a preview context (preview-context.js). No Service Worker, no socket, no
// heartbeat, no IndexedDB, no proof of play, no commands: none of those modules is imported.
// Its tickers, tables and weather read the preview's own routes (data-reads) with the session.
import { setLocale } from "./i18n/index.js";
import { previewContext } from "./preview-context.js";
import { Stage } from "./render/stage.js";
import { setScreen } from "./ui/overlay.js";

function boot() {
  const body = document.body;
  let playlist;
  try {
    playlist = JSON.parse(body.dataset.playlist || "null");
  } catch {
    playlist = null;
  }
  setLocale(body.dataset.locale);
  if (!playlist || !playlist.template || !Array.isArray(playlist.items)) {
    setScreen("idle");
    return;
  }
  let reports = 0;
  const ctx = previewContext({
    timezone: body.dataset.timezone || undefined,
    reads: body.dataset.reads || null,
    onChange: (spec) => {
      body.dataset.media = spec.media.name;
    },
    onReport: ({ type, message }) => {
      reports += 1;
      body.dataset.reports = String(reports);
      console.warn(`preview: ${type}: ${message}`);
    },
    onAllFailed: (failed) => setScreen(failed ? "fallback" : "playing"),
  });
  const stage = new Stage(playlist, ctx);
  document.getElementById("zones").append(stage.el);
  stage.start();
  body.dataset.playlistId = playlist.id;
  body.dataset.version = String(playlist.version);
  setScreen(stage.showsSomething ? "playing" : "idle");
  // A hidden tab (or a closed panel) need not keep playing videos and timers.
  window.addEventListener("pagehide", () => stage.dispose(), { once: true });
}

boot();
