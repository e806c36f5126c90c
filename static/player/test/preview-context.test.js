// node --test static/player/test/preview-context.test.js
import assert from "node:assert/strict";
import { test } from "node:test";

import { PREVIEW_UNAVAILABLE, previewContext } from "../src/preview-context.js";

test("a preview records no play and sends nothing", async () => {
  const reports = [];
  const changes = [];
  const ctx = previewContext({ onReport: (r) => reports.push(r), onChange: (s) => changes.push(s.media.name) });
  assert.equal(ctx.played({ media: { id: 1 } }, Date.now(), 5), undefined);
  ctx.changed({ media: { name: "red" } });
  ctx.report("MEDIA_LOAD", new Error("gone"), 7);
  ctx.report("PLAYER_ERROR", "x");
  assert.deepEqual(changes, ["red"]);
  assert.deepEqual(reports, [
    { type: "MEDIA_LOAD", message: "Error: gone", mediaId: 7 },
    { type: "PLAYER_ERROR", message: "x", mediaId: null },
  ]);
  assert.equal(ctx.volume(), 0);
});

test("data sources and weather are refused, so widgets show their fallback", async () => {
  const ctx = previewContext({ timezone: "Europe/Paris" });
  assert.equal(ctx.timezone, "Europe/Paris");
  await assert.rejects(ctx.dataSource("3"), new RegExp(PREVIEW_UNAVAILABLE));
  await assert.rejects(ctx.weather("Paris", "metric"), new RegExp(PREVIEW_UNAVAILABLE));
});

test("allFailed is passed on as a boolean", () => {
  const seen = [];
  const ctx = previewContext({ onAllFailed: (f) => seen.push(f) });
  ctx.allFailed(1);
  ctx.allFailed(false);
  assert.deepEqual(seen, [true, false]);
});
