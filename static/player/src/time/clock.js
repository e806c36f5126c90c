// Server time: items end at deadlines on the server's clock, so every screen of a wall agrees
// and a kiosk whose clock drifts still switches at the schedule's boundaries.
let offset = 0;
let bestRtt = Infinity;

export function serverNow() {
  return Date.now() + offset;
}

// Keep the sample with the lowest round trip: its midpoint is the most trustworthy.
export function learn(serverTimeIso, sentAt, receivedAt) {
  const server = Date.parse(serverTimeIso);
  if (Number.isNaN(server)) return;
  const rtt = receivedAt - sentAt;
  if (rtt <= bestRtt * 1.5) {
    bestRtt = Math.min(bestRtt, rtt);
    offset = server - (sentAt + receivedAt) / 2;
  }
}

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
