import assert from "node:assert/strict";
import { test } from "node:test";
import { cachedUntil, evictable, filesOf, fit, plan, playlistFor } from "../src/cache/planner.js";

const H = 3600_000;
const t0 = Date.parse("2026-01-01T00:00:00Z");
const iso = (ms) => new Date(ms).toISOString();
const item = (id, type, extra = {}) => ({ media: { id, type, url: `http://s/m/${id}`, fileSize: 100 * id, sha256: `abc${id}`, ...extra } });
const playlists = new Map([
  ["1@1", { id: "1", version: 1, items: [item(1, "IMAGE"), item(2, "VIDEO"), item(3, "WEBPAGE")] }],
  ["2@3", { id: "2", version: 3, items: [item(2, "VIDEO"), item(4, "PDF", { pages: ["http://s/p1", "http://s/p2"] })] }],
]);
const schedule = {
  upcoming: [
    { playlistId: "1", version: 1, start: iso(t0), end: iso(t0 + 10 * H) },
    { playlistId: "2", version: 3, start: iso(t0 + 10 * H), end: iso(t0 + 20 * H) },
    { playlistId: "5", version: 1, start: iso(t0 + 30 * H), end: iso(t0 + 40 * H) },
  ],
};

test("a playlist's stored files: images, videos, PDF pages; never web pages", () => {
  assert.deepEqual(filesOf(playlists.get("1@1")).map((f) => [f.url, f.size, f.sha256]), [
    ["http://s/m/1", 100, "abc1"],
    ["http://s/m/2", 200, "abc2"],
  ]);
  assert.deepEqual(filesOf(playlists.get("2@3")).map((f) => f.url), ["http://s/m/2", "http://s/p1", "http://s/p2"]);
  assert.deepEqual(filesOf(null), []);
});

test("the plan lists each file once, by when it is first needed, and the missing playlists", () => {
  const { files, missing } = plan(schedule, playlists, t0 + H, 72 * H);
  assert.deepEqual(files.map((f) => [f.url, f.neededAt]), [
    ["http://s/m/1", t0 + H],
    ["http://s/m/2", t0 + H],
    ["http://s/p1", t0 + 10 * H],
    ["http://s/p2", t0 + 10 * H],
  ]);
  assert.deepEqual(missing.map((m) => m.key), ["5@1"]);
  // Beyond the horizon nothing is planned.
  assert.deepEqual(plan(schedule, playlists, t0 + H, 5 * H).files.map((f) => f.url), ["http://s/m/1", "http://s/m/2"]);
});

test("a new version not stored yet falls back to the newest stored one", () => {
  assert.equal(playlistFor({ playlistId: "2", version: 4 }, playlists).version, 3);
  assert.equal(playlistFor({ playlistId: "9", version: 1 }, playlists), null);
});

test("what fits is the nearest first; the shortfall is counted", () => {
  const files = [{ url: "a", size: 50 }, { url: "b", size: 40 }, { url: "c", size: 5 }, { url: "d", size: null }];
  assert.deepEqual(fit(files, 95, 10).kept.map((f) => f.url), ["a", "b", "c"]);
  // Nothing later jumps the queue: once one does not fit, the rest is shortfall.
  const tight = fit(files, 60, 10);
  assert.deepEqual(tight.kept.map((f) => f.url), ["a"]);
  assert.equal(tight.shortfallBytes, 55);
  assert.equal(fit(files, Infinity).shortfallBytes, 0);
});

test("the runway ends where the first incomplete segment starts", () => {
  const all = new Set(["http://s/m/1", "http://s/m/2", "http://s/p1", "http://s/p2"]);
  const now = t0 + H;
  // Playlist 5 is not stored: the runway ends when it starts.
  assert.equal(cachedUntil(schedule, playlists, (u) => all.has(u), now), t0 + 30 * H);
  // A page of playlist 2 missing: it ends at 10 h.
  assert.equal(cachedUntil(schedule, playlists, (u) => u !== "http://s/p2", now), t0 + 10 * H);
  // What plays now is missing a file: no runway at all.
  assert.equal(cachedUntil(schedule, playlists, (u) => u !== "http://s/m/1", now), now);
  const stored = new Map([...playlists, ["5@1", { id: "5", version: 1, items: [] }]]);
  assert.equal(cachedUntil(schedule, stored, (u) => all.has(u), now), t0 + 40 * H);
  // An older version stored is not complete for a newer one.
  const old = { upcoming: [{ playlistId: "2", version: 4, start: iso(t0), end: iso(t0 + H * 2) }] };
  assert.equal(cachedUntil(old, playlists, () => true, now), now);
  assert.equal(cachedUntil({ upcoming: [] }, playlists, () => true, now), null);
});

test("stored files nothing plans go", () => {
  assert.deepEqual(evictable(["a", "b", "c"], [{ url: "b" }]), ["a", "c"]);
});
