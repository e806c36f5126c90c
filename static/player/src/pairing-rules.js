// Pairing a kiosk by code (CONTRACT §12), the decisions without the DOM: when to ask for a new
// code, how long to wait after an answer. Tested with node --test.

export const POLL_MS = 2_000; // "the player switches to playback within a second or two"
export const RENEW_BEFORE_MS = 60_000; // a fresh code a minute before the shown one expires
export const RETRY_MS = 10_000; // server unreachable or failing

/** Whether the code that expires at `expiresAt` (ISO) should be replaced now. */
export function shouldRenew(expiresAt, nowMs) {
  const end = Date.parse(expiresAt);
  return !Number.isFinite(end) || end - nowMs <= RENEW_BEFORE_MS;
}

/** What to do after a poll answered `status`: "wait" (pending), "paired", or "restart". */
export function afterPoll(status) {
  if (status === 202) return "wait";
  if (status === 200) return "paired";
  if (status === 404 || status === 410 || status === 401) return "restart";
  return "retry"; // 5xx, a proxy error: the same pairing, a little later
}

/** Milliseconds to wait before asking again after a 429 (its Retry-After, bounded). */
export function retryAfterMs(header) {
  const seconds = Number.parseInt(header || "", 10);
  if (!Number.isFinite(seconds) || seconds <= 0) return RETRY_MS;
  return Math.min(seconds, 15 * 60) * 1000;
}

/** The server's address as people type it on another device: its origin without a trailing slash. */
export function serverAddress(href) {
  try {
    return new URL(href).origin;
  } catch {
    return "";
  }
}
