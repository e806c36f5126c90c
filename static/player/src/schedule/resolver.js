// Pure: which playlist plays at `now` according to the server's schedule answer, and when
// that can next change. The player switches at these boundaries by itself: nothing needs
// pushing at the minute a window opens.
export function resolve(schedule, now) {
  const segments = (schedule && schedule.upcoming ? schedule.upcoming : [])
    .map((s) => ({ ...s, startMs: Date.parse(s.start), endMs: Date.parse(s.end) }))
    .filter((s) => !Number.isNaN(s.startMs) && !Number.isNaN(s.endMs));
  const current = segments.find((s) => s.startMs <= now && now < s.endMs) || null;
  const boundaries = segments.flatMap((s) => [s.startMs, s.endMs]).filter((t) => t > now);
  return {
    playlist: current ? { id: String(current.playlistId), version: current.version } : null,
    until: boundaries.length ? Math.min(...boundaries) : null,
  };
}
