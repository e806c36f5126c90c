// /player/{screenId}: boot. Checks the identity, registers the Service Worker, starts the one
// PlayerRoot (root.js), and reports what escapes it. No logic here.
import { savedIdentity } from "./identity.js";
import { agentConfig, startAlivePings } from "./net/agent.js";
import { PlayerRoot } from "./root.js";
import { screenId } from "./config.js";
import { onLocaleChange, pgettext } from "./i18n/index.js";
import { setNotice, setScreen } from "./ui/overlay.js";

function setConnection(state) {
  document.body.dataset.connection = state;
}

// The socket's refusal and the REST 401 say the same thing, the same way.
function unauthorized() {
  setConnection("unauthorized");
  setNotice(unauthorizedNotice());
}

function unauthorizedNotice() {
  return pgettext("player", "This screen is no longer authorised. Activate it again from the console.");
}

// The stored schedule may name another language than the page's once the notice is up.
onLocaleChange(() => {
  if (document.body.dataset.connection === "unauthorized") setNotice(unauthorizedNotice());
});

// The shell (this page, its scripts) is kept by the Service Worker, so a reload or a kiosk
// restart with the server down still opens this page.
async function registerWorker() {
  if (!navigator.serviceWorker) return;
  try {
    const registration = await navigator.serviceWorker.register("/player/sw.js", { scope: "/player/" });
    const worker = registration.active || (await navigator.serviceWorker.ready).active;
    worker?.postMessage({ type: "cache-page", url: location.pathname });
  } catch (error) {
    console.warn("Service Worker not registered:", error);
  }
}

function boot() {
  agentConfig(); // the launcher's #agent=… first: a redirect below would lose it
  const { jwt, screenId: savedScreenId } = savedIdentity();
  if (!jwt || savedScreenId !== screenId) {
    location.replace("/player"); // not this screen's token: pair it (CONTRACT §12)
    return;
  }
  setScreen("idle");
  const root = new PlayerRoot({ jwt, zones: document.getElementById("zones"), onUnauthorized: unauthorized, setConnection });
  window.signagePlayer = root; // for the browser tests' eyes only (they spy on its socket)
  window.addEventListener("error", (event) => root.report("PLAYER_ERROR", event.message, null));
  window.addEventListener("unhandledrejection", (event) => root.report("PLAYER_ERROR", String(event.reason), null));
  root.start();
  registerWorker();
  startAlivePings(); // the launcher's watchdog restarts Chromium when these stop
}

boot();
