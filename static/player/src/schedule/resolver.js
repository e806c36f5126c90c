// Pure: which playlist plays at `now` according to the server's schedule answer, and when
// that can next change. The player switches at these boundaries by itself: nothing needs
// pushing at the minute a window opens, and nothing needs the server while `upcoming` lasts.

export class ScheduleError extends Error {}

function segments(schedule) {
  return (schedule && schedule.upcoming ? schedule.upcoming : [])
    .map((s) => ({ ...s, startMs: Date.parse(s.start), endMs: Date.parse(s.end) }))
    .filter((s) => !Number.isNaN(s.startMs) && !Number.isNaN(s.endMs) && s.startMs < s.endMs);
}

export function resolve(schedule, now) {
  const all = segments(schedule);
  const current = all.find((s) => s.startMs <= now && now < s.endMs) || null;
  const boundaries = all.flatMap((s) => [s.startMs, s.endMs]).filter((t) => t > now);
  return {
    playlist: current ? { id: String(current.playlistId), version: current.version } : null,
    until: boundaries.length ? Math.min(...boundaries) : null,
  };
}

// The schedule's segments from `now` on, in start order (the precache's work list).
export function ahead(schedule, now, horizonMs = Infinity) {
  return segments(schedule)
    .filter((s) => s.endMs > now && s.startMs < now + horizonMs)
    .sort((a, b) => a.startMs - b.startMs);
}

// A schedule answer is kept (and replaces the stored one) only if all of it makes sense:
// a half-understood schedule would blank a screen that still has a good one.
export function parseSchedule(body) {
  const fail = (why) => {
    throw new ScheduleError(`Schedule refused: ${why}.`);
  };
  if (!body || typeof body !== "object" || Array.isArray(body)) fail("not an object");
  if (Number.isNaN(Date.parse(body.serverTime))) fail("no serverTime");
  if (!Array.isArray(body.upcoming)) fail("no upcoming list");
  if (body.alerts !== undefined && !Array.isArray(body.alerts)) fail("alerts is not a list");
  body.upcoming.forEach((s, i) => {
    if (!s || typeof s !== "object") fail(`upcoming[${i}] is not an object`);
    if (s.playlistId === undefined || s.playlistId === null || String(s.playlistId) === "") fail(`upcoming[${i}] has no playlistId`);
    if (!Number.isInteger(s.version)) fail(`upcoming[${i}] has no integer version`);
    const start = Date.parse(s.start);
    const end = Date.parse(s.end);
    if (Number.isNaN(start) || Number.isNaN(end) || start >= end) fail(`upcoming[${i}] has no valid start/end`);
  });
  return { ...body, alerts: body.alerts || [] };
}
