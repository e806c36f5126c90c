// node --test static/player/test/preview-context.test.js
import assert from "node:assert/strict";
import { test } from "node:test";

import { PREVIEW_UNAVAILABLE, previewContext, reader } from "../src/preview-context.js";

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

test("without the preview's routes, data sources and weather are refused, so widgets show their fallback", async () => {
  const ctx = previewContext({ timezone: "Europe/Paris" });
  assert.equal(ctx.timezone, "Europe/Paris");
  await assert.rejects(ctx.dataSource("3"), new RegExp(PREVIEW_UNAVAILABLE));
  await assert.rejects(ctx.weather("Paris", "metric"), new RegExp(PREVIEW_UNAVAILABLE));
});

test("with them, data sources and weather are read from the preview's routes", async () => {
  const urls = [];
  const read = async (url) => {
    urls.push(url);
    return { url };
  };
  const ctx = previewContext({ reads: "/admin/playlists/7/preview", read });
  assert.deepEqual(await ctx.dataSource("3/../x"), { url: "/admin/playlists/7/preview/datasource/3%2F..%2Fx" });
  await ctx.weather("Saint-Étienne & co", "imperial");
  assert.deepEqual(urls.slice(1), ["/admin/playlists/7/preview/weather?city=Saint-%C3%89tienne%20%26%20co&units=imperial"]);
});

test("the reader asks for JSON, refuses redirects and rejects what is not a success", async () => {
  const asked = [];
  const answers = [
    { ok: true, status: 200, json: async () => ({ items: [] }) },
    { ok: false, status: 503, json: async () => ({ error: { code: "datasource_not_ready" } }) },
  ];
  const read = reader(async (url, init) => {
    asked.push([url, init]);
    return answers.shift();
  });
  assert.deepEqual(await read("/a"), { items: [] });
  await assert.rejects(read("/b"), /\/b: HTTP 503/);
  assert.deepEqual(asked[0][1], { headers: { Accept: "application/json" }, redirect: "error" });
  const offline = reader(async () => {
    throw new TypeError("Failed to fetch");
  });
  await assert.rejects(offline("/c"), /Failed to fetch/);
});

test("allFailed is passed on as a boolean", () => {
  const seen = [];
  const ctx = previewContext({ onAllFailed: (f) => seen.push(f) });
  ctx.allFailed(1);
  ctx.allFailed(false);
  assert.deepEqual(seen, [true, false]);
});
