// What this page is: its screen, its version, and the tunables (overridable per kiosk through
// localStorage "signage.tuning", e.g. a slower heartbeat on a metered link).
import { version } from "./version.json";

const body = document.body.dataset;

export const screenId = body.screenId;
// The bundle's own version (the server's CURRENT_PLAYER_VERSION defaults to the same file).
export const playerVersion = version;

const defaults = {
  heartbeatMs: 30_000,
  restScheduleMs: 300_000, // the REST fallback's schedule poll (socket down)
  precacheMs: 600_000, // re-check the media cache against the plan
  horizonMs: 72 * 3600_000, // how far ahead media is stored
  readyTimeoutMs: 8_000, // an item not ready by then is skipped (the current one stays meanwhile)
  stallMs: 15_000, // a video whose time does not move for this long is skipped
  iframeLoadMs: 10_000,
  versionCacheWaitMs: 300_000, // a new version waits this long at most for its files (the old one plays on)
  unavailableMs: 5_000, // how long "Content unavailable" shows before the item is skipped
  failedZoneRetryMs: 30_000,
  popFlushMs: 15_000,
  apiTimeoutMs: 10_000,
  transitionMs: 700,
  downloadConcurrency: 2,
  // After the server closed the connection (a restart), a fleet spreads its first retry over
  // this window instead of coming back in one burst; later retries back off 1, 2, 4 ... 60 s.
  firstRetryMinMs: 1_000,
  firstRetryMaxMs: 30_000,
  retryMaxMs: 60_000,
  // The back-off "gives up" (REST takes over) after this many failures over at least this long.
  fallbackAfterFailures: 3,
  fallbackAfterMs: 60_000,
};

function overrides() {
  try {
    return JSON.parse(localStorage.getItem("signage.tuning") || "{}");
  } catch {
    return {};
  }
}

export const tuning = { ...defaults, ...overrides() };
