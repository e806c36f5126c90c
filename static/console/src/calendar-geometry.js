// The calendar's arithmetic, on the site's wall clock: lanes for overlapping blocks, pixels to
// minutes, and what a drag does to a schedule's fields. Pure: no DOM, so node --test checks it
// (static/console/test/calendar-geometry.test.js).

export const DAY = 1440;
export const SLOT = 15; // minutes: what a drag snaps to

const mod = (value, base) => ((value % base) + base) % base;

export function snapMinutes(minutes, slot = SLOT) {
  return Math.round(minutes / slot) * slot;
}

// A pointer's height in a day column of `height` pixels as a minute of the day, on the slot.
export function minuteAt(y, height, slot = SLOT) {
  return Math.max(0, Math.min(DAY, snapMinutes((y / height) * DAY, slot)));
}

// Side by side: each block of one day gets a lane and the number of lanes of its cluster
// (blocks that overlap, directly or through others), first free lane first.
export function lanes(blocks) {
  const sorted = [...blocks].sort((a, b) => a.startMinute - b.startMinute || b.endMinute - a.endMinute);
  const out = new Map();
  let cluster = [];
  let clusterEnd = -1;
  let laneEnds = [];
  const close = () => {
    for (const block of cluster) out.get(block).lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const block of sorted) {
    if (block.startMinute >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= block.startMinute);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = block.endMinute;
    out.set(block, { lane, lanes: 1 });
    cluster.push(block);
    clusterEnd = Math.max(clusterEnd, block.endMinute);
  }
  close();
  return out;
}

function toMinutes(clock) {
  if (!clock) return null;
  const [h, m] = clock.split(":").map(Number);
  return h * 60 + m;
}

export function clock(minutes) {
  const m = mod(minutes, DAY);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

// Wall-clock instants as minutes since 1970-01-01 00:00 (no zone: the site's wall clock).
function wallMinutes(day, clockText) {
  const [y, mo, d] = day.split("-").map(Number);
  return Date.UTC(y, mo - 1, d) / 60000 + (toMinutes(clockText) ?? 0);
}

function wallParts(minutes) {
  const date = new Date(minutes * 60000);
  return { day: date.toISOString().slice(0, 10), time: clock(minutes) };
}

export function addDays(day, days) {
  return wallParts(wallMinutes(day, "00:00") + days * DAY).day;
}

export function dayDelta(fromDay, toDay) {
  return Math.round((wallMinutes(toDay, "00:00") - wallMinutes(fromDay, "00:00")) / DAY);
}

// 0 = Sunday, as the schedules' daysOfWeek.
export function weekday(day) {
  return new Date(wallMinutes(day, "00:00") * 60000).getUTCDay();
}

// What a gesture does to a schedule (its API JSON): its start moves by `start` minutes and its
// end by `end` minutes (a move: both the same; a resize: one of them). A recurring schedule
// moves every occurrence: its clock times, and its weekdays when the start crosses a midnight.
// Returns the fields to PUT, or null when the result would be empty or inverted.
export function shifted(schedule, { start = 0, end = 0 }) {
  if (schedule.isRecurring) {
    const from = toMinutes(schedule.startTime) ?? 0;
    const to = toMinutes(schedule.endTime) ?? DAY;
    const length = to > from ? to - from : to + DAY - from; // equal: 24 hours
    const newLength = length - start + end;
    if (newLength < SLOT || newLength > DAY) return null;
    const newFrom = from + start;
    const days = Math.floor(newFrom / DAY);
    const body = { startTime: clock(newFrom), endTime: clock(newFrom + newLength) };
    if (days !== 0) body.daysOfWeek = [...new Set(schedule.daysOfWeek.map((d) => mod(d + days, 7)))].sort();
    return body;
  }
  const from = schedule.startDate ? wallMinutes(schedule.startDate, schedule.startTime) : null;
  const to = schedule.endDate
    ? schedule.endTime
      ? wallMinutes(schedule.endDate, schedule.endTime)
      : wallMinutes(schedule.endDate, "00:00") + DAY
    : null;
  const newFrom = from === null ? null : from + start;
  const newTo = to === null ? null : to + end;
  if (newFrom !== null && newTo !== null && newTo - newFrom < SLOT) return null;
  const body = {};
  if (newFrom !== null && start !== 0) {
    const parts = wallParts(newFrom);
    Object.assign(body, { startDate: parts.day, startTime: parts.time });
  }
  if (newTo !== null && end !== 0) {
    const parts = wallParts(newTo);
    Object.assign(body, { endDate: parts.day, endTime: parts.time });
  }
  return body;
}

// A new schedule over [startMinute, endMinute) of `day`: once, or every week on that weekday.
export function createdWindow(day, startMinute, endMinute, { recurring = false } = {}) {
  const endDay = endMinute >= DAY ? addDays(day, 1) : day;
  if (recurring) {
    return { isRecurring: true, daysOfWeek: [weekday(day)], startTime: clock(startMinute), endTime: clock(endMinute), startDate: null, endDate: null };
  }
  return { isRecurring: false, startDate: day, startTime: clock(startMinute), endDate: endDay, endTime: clock(endMinute), daysOfWeek: [0, 1, 2, 3, 4, 5, 6] };
}
