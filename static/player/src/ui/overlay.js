// What sits above or instead of the zones: alerts, the idle screen, the fallback.
import { currentLocale } from "../i18n/index.js";
import { everySecond } from "../time/clock.js";

const alerts = document.getElementById("alerts");
const idle = document.getElementById("idle");
const idleTime = document.getElementById("idle-time");
const notice = document.getElementById("notice");
let stopClock = () => {};

export function showAlert(alert) {
  hideAlert(alert.id);
  const box = document.createElement("section");
  box.className = `alert ${alert.displayMode === "FULLSCREEN" ? "fullscreen" : "banner"}`;
  box.dataset.alertId = String(alert.id);
  box.setAttribute("role", "alert");
  // Colours are checked by the server (#rgb / #rrggbb); the text is text, never HTML.
  if (alert.backgroundColor) box.style.backgroundColor = alert.backgroundColor;
  if (alert.textColor) box.style.color = alert.textColor;
  const title = document.createElement("p");
  title.className = "alert-title";
  title.textContent = alert.title || "";
  const content = document.createElement("p");
  content.className = "alert-content";
  content.textContent = alert.content || "";
  box.append(title, content);
  alerts.append(box);
}

export function hideAlert(id) {
  for (const box of alerts.querySelectorAll("[data-alert-id]")) {
    if (box.dataset.alertId === String(id)) box.remove();
  }
}

export function syncAlerts(list) {
  // The schedule lists the alerts active now: show those, drop the others.
  const wanted = new Set(list.map((a) => String(a.id)));
  for (const box of alerts.querySelectorAll("[data-alert-id]")) {
    if (!wanted.has(box.dataset.alertId)) box.remove();
  }
  for (const alert of list) {
    if (!alerts.querySelector(`[data-alert-id="${CSS.escape(String(alert.id))}"]`)) showAlert(alert);
  }
}

// state: "idle" (nothing scheduled: black and the logo), "fallback" (everything failed: the
// logo and the time), "playing".
export function setScreen(state) {
  document.body.dataset.state = state;
  idle.hidden = state === "playing";
  idleTime.hidden = state !== "fallback";
  stopClock();
  stopClock = () => {};
  if (state === "fallback") {
    stopClock = everySecond((now) => {
      idleTime.textContent = now.toLocaleTimeString(currentLocale(), { hour: "2-digit", minute: "2-digit" });
    });
  }
}

export function setNotice(text) {
  notice.hidden = !text;
  notice.textContent = text || "";
}
