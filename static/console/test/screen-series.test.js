import assert from "node:assert/strict";
import { test } from "node:test";
import { clockLabel, drawnCount, hourTicks, linePoints } from "../src/screen-series.js";

const MIN = 60_000;

test("a silence longer than the offline threshold breaks the line", () => {
  const series = [[0, 100], [MIN, 200], [9 * MIN, 50], [10 * MIN, 100]];
  const points = linePoints(series, 5 * MIN);
  assert.deepEqual(points, [
    { x: 0, y: 100 },
    { x: MIN, y: 200 },
    { x: 6 * MIN, y: null },
    { x: 9 * MIN, y: 50 },
    { x: 10 * MIN, y: 100 },
  ]);
  assert.equal(drawnCount(points), 4);
});

test("a beat without the value is a gap, and nothing is nothing", () => {
  const points = linePoints([[0, null], [MIN, 3]], 5 * MIN);
  assert.deepEqual(points, [{ x: 0, y: null }, { x: MIN, y: 3 }]);
  assert.equal(drawnCount(points), 1);
  assert.deepEqual(linePoints(undefined, MIN), []);
});

test("ticks read on the page's clock", () => {
  const at = Date.parse("2026-10-25T00:50:00Z");
  assert.equal(clockLabel(at, "Europe/Paris", "en-GB"), "02:50");
  assert.equal(clockLabel(at, "Nowhere/Atlantis", "en-GB"), "00:50");
});

test("ticks fall on round hours", () => {
  const start = Date.parse("2026-11-29T09:02:00Z");
  const ticks = hourTicks(start, start + 24 * 3_600_000, 4);
  assert.equal(ticks.length, 6);
  assert.equal(new Date(ticks[0]).toISOString(), "2026-11-29T12:00:00.000Z");
  assert.equal(new Date(ticks.at(-1)).toISOString(), "2026-11-30T08:00:00.000Z");
});
