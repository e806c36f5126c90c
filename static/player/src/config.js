// What this page is: its screen, its version, and the tunables (overridable per kiosk through
// localStorage "signage.tuning", e.g. a slower heartbeat on a metered link).
const body = document.body.dataset;

export const screenId = body.screenId;
export const playerVersion = body.playerVersion || "0";

const defaults = {
  heartbeatMs: 30_000,
  scheduleRefreshMs: 60_000,
  readyTimeoutMs: 8_000, // an item not ready by then is skipped (the current one stays meanwhile)
  stallMs: 15_000, // a video whose time does not move for this long is skipped
  iframeLoadMs: 10_000,
  unavailableMs: 5_000, // how long "Contenu indisponible" shows before the item is skipped
  failedZoneRetryMs: 30_000,
  popFlushMs: 15_000,
  apiTimeoutMs: 10_000,
  transitionMs: 700,
  // After the server closed the connection (a restart), a fleet spreads its first retry over
  // this window instead of coming back in one burst; later retries back off 1, 2, 4 ... 60 s.
  firstRetryMinMs: 1_000,
  firstRetryMaxMs: 30_000,
  retryMaxMs: 60_000,
};

function overrides() {
  try {
    return JSON.parse(localStorage.getItem("signage.tuning") || "{}");
  } catch {
    return {};
  }
}

export const tuning = { ...defaults, ...overrides() };
