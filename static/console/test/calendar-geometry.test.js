import assert from "node:assert/strict";
import { test } from "node:test";
import { addDays, createdWindow, dayDelta, lanes, minuteAt, shifted, weekday } from "../src/calendar-geometry.js";

test("a pointer height is a minute of the day on the quarter hour", () => {
  assert.equal(minuteAt(100, 960), 150);
  assert.equal(minuteAt(-5, 960), 0);
  assert.equal(minuteAt(2000, 960), 1440);
});

test("overlapping blocks share the width, the others keep it", () => {
  const a = { startMinute: 480, endMinute: 720 };
  const b = { startMinute: 600, endMinute: 660 };
  const c = { startMinute: 690, endMinute: 800 };
  const d = { startMinute: 900, endMinute: 960 };
  const out = lanes([d, c, b, a]);
  assert.deepEqual(out.get(a), { lane: 0, lanes: 2 });
  assert.deepEqual(out.get(b), { lane: 1, lanes: 2 });
  assert.deepEqual(out.get(c), { lane: 1, lanes: 2 }); // b's lane is free again
  assert.deepEqual(out.get(d), { lane: 0, lanes: 1 });
});

test("days: weekday numbering, deltas and additions", () => {
  assert.equal(weekday("2026-03-29"), 0); // a Sunday
  assert.equal(dayDelta("2026-03-23", "2026-03-25"), 2);
  assert.equal(addDays("2026-03-31", 1), "2026-04-01");
});

const weekly = { isRecurring: true, startTime: "08:00", endTime: "12:00", daysOfWeek: [1, 3] };

test("moving a recurring schedule moves its times, and its weekdays across midnight", () => {
  assert.deepEqual(shifted(weekly, { start: 90, end: 90 }), { startTime: "09:30", endTime: "13:30" });
  assert.deepEqual(shifted(weekly, { start: 1440 + 60, end: 1440 + 60 }), {
    startTime: "09:00",
    endTime: "13:00",
    daysOfWeek: [2, 4],
  });
  assert.deepEqual(shifted(weekly, { start: -540, end: -540 }), { startTime: "23:00", endTime: "03:00", daysOfWeek: [0, 2] });
});

test("resizing a recurring schedule changes one end; never empty nor past a day", () => {
  assert.deepEqual(shifted(weekly, { end: 120 }), { startTime: "08:00", endTime: "14:00" });
  assert.deepEqual(shifted({ ...weekly, startTime: null, endTime: null }, { end: -60 }), { startTime: "00:00", endTime: "23:00" });
  assert.equal(shifted(weekly, { end: -240 }), null);
  assert.equal(shifted(weekly, { end: 1300 }), null);
});

test("moving a one-shot moves its dates and times together", () => {
  const once = { isRecurring: false, startDate: "2026-03-23", startTime: "22:00", endDate: "2026-03-24", endTime: "01:00" };
  assert.deepEqual(shifted(once, { start: 1440 + 120, end: 1440 + 120 }), {
    startDate: "2026-03-25",
    startTime: "00:00",
    endDate: "2026-03-25",
    endTime: "03:00",
  });
  assert.deepEqual(shifted(once, { end: 60 }), { endDate: "2026-03-24", endTime: "02:00" });
  assert.equal(shifted(once, { start: 180 }), null);
  const allDay = { isRecurring: false, startDate: "2026-03-23", startTime: null, endDate: "2026-03-23", endTime: null };
  assert.deepEqual(shifted(allDay, { end: -60 }), { endDate: "2026-03-23", endTime: "23:00" });
  assert.deepEqual(shifted({ ...once, startDate: null }, { start: 60, end: 60 }), { endDate: "2026-03-24", endTime: "02:00" });
});

test("a drawn window becomes a one-shot or a weekly schedule", () => {
  assert.deepEqual(createdWindow("2026-03-24", 600, 1440), {
    isRecurring: false,
    startDate: "2026-03-24",
    startTime: "10:00",
    endDate: "2026-03-25",
    endTime: "00:00",
    daysOfWeek: [0, 1, 2, 3, 4, 5, 6],
  });
  assert.deepEqual(createdWindow("2026-03-24", 600, 690, { recurring: true }), {
    isRecurring: true,
    daysOfWeek: [2],
    startTime: "10:00",
    endTime: "11:30",
    startDate: null,
    endDate: null,
  });
});
