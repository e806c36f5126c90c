import assert from "node:assert/strict";
import { test } from "node:test";
import { availabilitySeries, daysBetween, playsSeries, topMediaSeries } from "../src/report-series.js";

test("every day of the period is a point, a day without data a gap", () => {
  assert.deepEqual(daysBetween("2026-10-24", "2026-10-27"), ["2026-10-24", "2026-10-25", "2026-10-26", "2026-10-27"]);
  assert.deepEqual(daysBetween("2026-10-27", "2026-10-24"), []);
  const body = { days: [{ day: "2026-10-25", uptimePercent: 75 }] };
  assert.deepEqual(availabilitySeries(body, "2026-10-24", "2026-10-26").values, [null, 75, null]);
});

test("plays default to zero and top media name the deleted ones", () => {
  const body = { days: [{ day: "2026-10-25", plays: 9 }], topMedia: [{ mediaName: "Promo", plays: 9 }, { mediaName: null, plays: 2 }] };
  assert.deepEqual(playsSeries(body, "2026-10-24", "2026-10-25").values, [0, 9]);
  assert.deepEqual(topMediaSeries(body, "—"), { labels: ["Promo", "—"], values: [9, 2] });
});
