import assert from "node:assert/strict";
import { test } from "node:test";
import { ahead, parseSchedule, resolve, ScheduleError } from "../src/schedule/resolver.js";

const at = (iso) => Date.parse(iso);
const schedule = {
  serverTime: "2026-01-01T00:00:00Z",
  upcoming: [
    { playlistId: "1", version: 2, start: "2026-01-01T08:00:00Z", end: "2026-01-01T12:00:00Z" },
    { playlistId: "2", version: 1, start: "2026-01-01T12:00:00Z", end: "2026-01-01T18:00:00Z" },
    { playlistId: "1", version: 2, start: "2026-01-02T08:00:00Z", end: "2026-01-02T12:00:00Z" },
  ],
  alerts: [],
};

test("the segment covering now plays, until the next boundary", () => {
  assert.deepEqual(resolve(schedule, at("2026-01-01T09:00:00Z")), { playlist: { id: "1", version: 2 }, until: at("2026-01-01T12:00:00Z") });
  // A boundary belongs to the segment that starts there.
  assert.deepEqual(resolve(schedule, at("2026-01-01T12:00:00Z")).playlist, { id: "2", version: 1 });
});

test("between segments nothing plays, and the next start is the boundary", () => {
  assert.deepEqual(resolve(schedule, at("2026-01-01T20:00:00Z")), { playlist: null, until: at("2026-01-02T08:00:00Z") });
  assert.deepEqual(resolve(schedule, at("2026-01-03T00:00:00Z")), { playlist: null, until: null });
  assert.deepEqual(resolve(null, 0), { playlist: null, until: null });
});

test("ahead lists what is left in start order within the horizon", () => {
  const left = ahead(schedule, at("2026-01-01T13:00:00Z"), 24 * 3600_000).map((s) => s.playlistId);
  assert.deepEqual(left, ["2", "1"]);
  assert.deepEqual(ahead(schedule, at("2026-01-01T13:00:00Z"), 3600_000).map((s) => s.playlistId), ["2"]);
});

test("a schedule that does not parse is refused whole", () => {
  assert.equal(parseSchedule(schedule).upcoming.length, 3);
  const bad = [
    null,
    [],
    "text",
    { ...schedule, serverTime: "soon" },
    { ...schedule, upcoming: "all day" },
    { ...schedule, alerts: {} },
    { ...schedule, upcoming: [...schedule.upcoming, { playlistId: "3", version: 1, start: "x", end: "2026-01-01T12:00:00Z" }] },
    { ...schedule, upcoming: [{ playlistId: "3", version: "1", start: "2026-01-01T08:00:00Z", end: "2026-01-01T12:00:00Z" }] },
    { ...schedule, upcoming: [{ playlistId: null, version: 1, start: "2026-01-01T08:00:00Z", end: "2026-01-01T12:00:00Z" }] },
    { ...schedule, upcoming: [{ playlistId: "3", version: 1, start: "2026-01-01T12:00:00Z", end: "2026-01-01T08:00:00Z" }] },
  ];
  for (const body of bad) assert.throws(() => parseSchedule(body), ScheduleError, JSON.stringify(body));
  assert.deepEqual(parseSchedule({ serverTime: schedule.serverTime, upcoming: [] }).alerts, []);
});
