// The screen's page, live: what the screen plays (playlist, media) follows the same
// `admin:screen_status` events Monitoring listens to (the console's Socket.IO room), read by
// the same function (now-playing.js), so the two pages always agree.
import { io } from "socket.io-client";
import { nowPlaying, shown } from "./now-playing.js";

const root = document.querySelector("[data-screen-live]");

function start() {
  const screenId = root.dataset.screenId;
  const playlist = root.querySelector("[data-live-field=playlist]");
  const media = root.querySelector("[data-live-field=media]");

  function showPlaylist({ id, name }) {
    playlist.replaceChildren();
    playlist.dataset.playlistId = id || "";
    if (id && name) {
      const link = document.createElement("a");
      link.className = "text-blue-700 underline";
      link.href = root.dataset.playlistUrl.replace(/\/0$/, `/${encodeURIComponent(id)}`);
      link.textContent = name;
      playlist.append(link);
    } else {
      playlist.textContent = shown(name);
    }
  }

  function apply(event) {
    if (String(event.screenId) !== screenId) return;
    const seen = nowPlaying(event);
    if (seen.playlist) showPlaylist(seen.playlist);
    if ("media" in seen) media.textContent = shown(seen.media);
    root.dataset.updated = String(Date.now());
  }

  const socket = io({ transports: ["websocket", "polling"] });
  socket.on("connect", () => {
    // What changed between the page's rendering and now (or while the socket was away).
    socket.emit("admin:status_snapshot", { screenIds: [screenId] }, (answer) => {
      for (const event of answer?.screens || []) apply(event);
      root.dataset.live = "true";
    });
  });
  socket.on("disconnect", () => (root.dataset.live = "false"));
  socket.on("admin:screen_status", apply);
}

if (root) start();
