// Pure: how long to wait before the next reconnection attempt, and when to give up on the
// socket for now and fall back to REST.

// After the server closed the connection (a restart), a fleet spreads its first retry over
// [firstMinMs, firstMaxMs] instead of coming back in one burst; later retries back off
// base·2^attempt up to maxMs, each jittered ±50 %.
export function retryDelay(attempt, afterServerClose, tuning, random = Math.random) {
  const between = (min, max) => min + random() * (max - min);
  if (afterServerClose) return between(tuning.firstRetryMinMs, tuning.firstRetryMaxMs);
  return Math.min(tuning.retryMaxMs, 1000 * 2 ** attempt) * between(0.5, 1.5);
}

// The back-off "gives up" once the socket failed `failures` times in a row and has been down
// for at least `afterMs`: from then on REST carries the schedule and heartbeats.
export function shouldFallBack(failures, downSinceMs, now, tuning) {
  return downSinceMs !== null && failures >= tuning.fallbackAfterFailures && now - downSinceMs >= tuning.fallbackAfterMs;
}
