// Server time: items end at deadlines on the server's clock, so every screen of a wall agrees
// and a kiosk whose clock drifts still switches at the schedule's boundaries. The offset is
// kept (IndexedDB) so a reload with the server down still runs on server time.

// A clock over `now` (injectable for tests): the offset from the lowest-RTT sample wins.
export function createClock(now = () => Date.now()) {
  let offset = 0;
  let bestRtt = Infinity;
  return {
    serverNow: () => now() + offset,
    offset: () => offset,
    // A stored offset from an earlier run: used until a real sample arrives.
    adopt(saved) {
      if (Number.isFinite(saved) && bestRtt === Infinity) offset = saved;
    },
    // Keep the sample with the lowest round trip: its midpoint is the most trustworthy.
    learn(serverTimeIso, sentAt, receivedAt) {
      const server = Date.parse(serverTimeIso);
      const rtt = receivedAt - sentAt;
      if (Number.isNaN(server) || !(rtt >= 0)) return false;
      if (rtt > bestRtt * 1.5) return false;
      bestRtt = Math.min(bestRtt, rtt);
      offset = server - (sentAt + receivedAt) / 2;
      return true;
    },
  };
}

const clock = createClock();
export const serverNow = clock.serverNow;
export const learn = clock.learn;
export const adoptOffset = clock.adopt;
export const clockOffset = clock.offset;

// Call fn(now) at each whole second of server time, on a fresh timeout each time (no drift
// from a repeating interval); returns the function that stops it.
export function everySecond(fn) {
  let timer = null;
  const tick = () => {
    fn(new Date(serverNow()));
    timer = setTimeout(tick, 1000 - (serverNow() % 1000) + 5);
  };
  tick();
  return () => clearTimeout(timer);
}
