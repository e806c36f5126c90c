// The monitoring page, live: rows and counts follow admin:screen_status; the action buttons
// send commands through the API; a screenshot opens a dialog that fills when
// admin:screenshot_ready arrives (or says why when the command fails).
import { io } from "socket.io-client";
import { nowPlaying, shown } from "./now-playing.js";

const root = document.querySelector("[data-monitoring]");
const STATUS_CLASSES = {
  ONLINE: ["bg-emerald-100", "text-emerald-800"],
  WARNING: ["bg-amber-100", "text-amber-800"],
  OFFLINE: ["bg-red-100", "text-red-800"],
  NEVER_SEEN: ["bg-slate-100", "text-slate-700"], // not activated yet: grey, not alarming
};
const ALL_STATUS_CLASSES = Object.values(STATUS_CLASSES).flat();
const SCREENSHOT_TIMEOUT_MS = 60_000;

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.max(0, Math.floor(seconds));
  if (s >= 86400) return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 60)} min`;
}

function utc(iso) {
  if (!iso) return "never";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "never" : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const texts = JSON.parse(root?.dataset.texts || "{}");

// As the page renders it (macros.html screen_badge): in the page's language, and a screen
// never heard from is "never connected yet", not OFFLINE.
function setStatus(row, status, neverSeen) {
  const badge = row.querySelector("[data-field=status] [data-status]");
  if (!badge) return;
  const shown = status === "OFFLINE" && neverSeen ? "NEVER_SEEN" : status;
  badge.dataset.status = shown;
  badge.textContent = texts.statuses?.[shown] || shown;
  badge.classList.remove(...ALL_STATUS_CLASSES);
  badge.classList.add(...(STATUS_CLASSES[shown] || []));
}

// A catalogue sentence with its %(name)s values (the page gives them translated).
function fill(template, values) {
  return String(template || "").replace(/%\((\w+)\)s/g, (_, name) => values[name] ?? "");
}

function refreshAlarm(row, alarmSeconds, now) {
  const badge = row.querySelector("[data-alarm]");
  const status = row.querySelector("[data-status]")?.dataset.status;
  const seen = row.querySelector("[data-last-seen]")?.dataset.lastSeen;
  const silent = seen ? (now - Date.parse(seen)) / 1000 : null;
  // Never heard from: not activated yet, not an outage (the page shows it grey).
  const alarm = status === "OFFLINE" && silent !== null && silent > alarmSeconds;
  badge.hidden = !alarm;
  if (alarm) badge.textContent = fill(texts.offlineFor || "Offline %(duration)s", { duration: duration(silent) });
  return alarm;
}

function start() {
  const statuses = JSON.parse(root.dataset.statuses || "{}");
  const alarmSeconds = Number(root.dataset.alarmSeconds) || 300;
  const rows = new Map([...root.querySelectorAll("[data-screen-row]")].map((r) => [r.dataset.screenRow, r]));
  const counters = Object.fromEntries([...root.querySelectorAll("[data-count]")].map((c) => [c.dataset.count, c]));
  const liveState = document.querySelector("[data-live-state]");
  const note = root.querySelector("[data-command-note]");

  function recount() {
    const counts = { ALL: 0, ONLINE: 0, WARNING: 0, OFFLINE: 0 };
    for (const status of Object.values(statuses)) {
      counts.ALL += 1;
      if (status in counts) counts[status] += 1;
    }
    for (const [key, value] of Object.entries(counts)) if (counters[key]) counters[key].textContent = String(value);
  }

  function refreshAlarms() {
    // Screens off this page keep the server's count; rows on it are re-judged as time passes.
    const now = Date.now();
    for (const row of rows.values()) refreshAlarm(row, alarmSeconds, now);
  }

  function apply(event) {
    const id = String(event.screenId);
    if (!(id in statuses)) return; // not in this page's site/group scope
    const before = statuses[id];
    statuses[id] = event.status;
    if (before !== event.status) recount();
    const row = rows.get(id);
    if (!row) return;
    const seen = row.querySelector("[data-last-seen]");
    if ("lastSeen" in event) {
      seen.dataset.lastSeen = event.lastSeen || "";
      seen.textContent = utc(event.lastSeen);
    }
    setStatus(row, event.status, !seen?.dataset.lastSeen);
    const playing = nowPlaying(event); // read as the screen's page reads it
    if ("media" in playing) row.querySelector("[data-field=media]").textContent = shown(playing.media);
    if ("uptime" in event) row.querySelector("[data-field=uptime]").textContent = duration(event.uptime);
    if (playing.playlist) row.querySelector("[data-field=playlist]").textContent = shown(playing.playlist.name);
    if ("updateAvailable" in event) row.querySelector("[data-update]").hidden = !event.updateAvailable;
    refreshAlarm(row, alarmSeconds, Date.now());
    row.dataset.updated = String(Date.now());
  }

  // A snapshot's screen that nothing happened to since the page was rendered keeps the
  // page's own texts (times on the site's clock, in the page's language).
  function changed(event) {
    const id = String(event.screenId);
    const before = rows.get(id)?.querySelector("[data-last-seen]")?.dataset.lastSeen || "";
    const after = event.lastSeen || "";
    const sameSeen = before === after || (before && after && Date.parse(before) === Date.parse(after));
    return statuses[id] !== event.status || !sameSeen;
  }

  const dialog = root.querySelector("[data-screenshot-dialog]");
  let waiting = null; // {commandId, timer}

  function showShot(text, url, takenAt) {
    dialog.querySelector("[data-screenshot-note]").textContent = text;
    const image = dialog.querySelector("[data-screenshot-image]");
    image.hidden = !url;
    if (url) image.src = url;
    dialog.querySelector("[data-screenshot-when]").textContent = takenAt ? `Taken ${utc(takenAt)}` : "";
  }

  function settle(commandId, text, url, takenAt) {
    if (!waiting || waiting.commandId !== String(commandId)) return;
    clearTimeout(waiting.timer);
    waiting = null;
    showShot(text, url, takenAt);
  }

  async function send(button) {
    const { command, screenId, screenName } = button.dataset;
    const url = root.dataset.commandUrl.replace("/0/", `/${encodeURIComponent(screenId)}/`);
    button.disabled = true;
    if (command === "SCREENSHOT" && dialog) {
      dialog.querySelector("[data-screenshot-title]").textContent = fill(texts.shotTitle || "Screenshot — %(screen)s", { screen: screenName });
      showShot(texts.asking || "Asking the screen…", null, null);
      if (!dialog.open) dialog.showModal();
    }
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
        body: JSON.stringify({ command }),
        credentials: "same-origin",
      });
      const body = await response.json().catch(() => ({}));
      if (response.status !== 202) throw new Error(body.error?.message || `The server answered ${response.status}.`);
      // A screen with no live socket gets it when it reconnects: say so, not "sent".
      const queued = statuses[screenId] === "OFFLINE";
      note.textContent = fill(queued ? texts.queued : texts.sent, { command: button.textContent.trim(), screen: screenName });
      if (command === "SCREENSHOT" && dialog) {
        if (waiting) clearTimeout(waiting.timer);
        const commandId = String(body.id);
        const timer = setTimeout(
          () => settle(commandId, texts.noShot || "No screenshot came back within a minute: the screen may be offline.", null, null),
          SCREENSHOT_TIMEOUT_MS,
        );
        waiting = { commandId, timer };
        showShot(texts.waiting || "Waiting for the screen…", null, null);
      }
    } catch (error) {
      note.textContent = `${screenName}: ${error.message}`;
      if (command === "SCREENSHOT" && dialog) showShot(error.message, null, null);
    } finally {
      button.disabled = false;
    }
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-command]");
    if (button) send(button);
  });
  dialog?.querySelector("[data-screenshot-close]").addEventListener("click", () => dialog.close());
  dialog?.addEventListener("close", () => {
    if (waiting) clearTimeout(waiting.timer);
    waiting = null;
  });

  const socket = io({ transports: ["websocket", "polling"] });
  socket.on("connect", () => {
    liveState.textContent = texts.live || "Live";
    // What changed between the page's rendering and now (or while the socket was away).
    socket.emit("admin:status_snapshot", { screenIds: Object.keys(statuses) }, (answer) => {
      for (const event of answer?.screens || []) if (changed(event)) apply(event);
      root.dataset.live = "true";
    });
  });
  socket.on("disconnect", () => {
    liveState.textContent = texts.reconnecting || "Reconnecting…";
    root.dataset.live = "false";
  });
  socket.on("admin:screen_status", apply);
  socket.on("admin:screenshot_ready", (event) => settle(event.commandId, "", event.url, event.takenAt));
  socket.on("admin:command_status", (event) => {
    if (event.status === "FAILED") settle(event.commandId, texts.shotFailed || "The screen could not take the screenshot.", null, null);
  });
  // One timer for the whole page: "offline for" badges grow while nothing arrives.
  setInterval(refreshAlarms, 30_000);
}

if (root) start();
