import assert from "node:assert/strict";
import { test } from "node:test";

import { missingFiles, switchDecision } from "../src/cache/switch.js";

const playlist = {
  items: [
    { media: { id: 1, type: "IMAGE", url: "https://s/m/a.png", fileSize: 10, sha256: null } },
    { media: { id: 2, type: "VIDEO", url: "https://s/m/b.mp4", fileSize: 20, sha256: null } },
    { media: { id: 3, type: "PDF", pages: ["https://s/m/p1.png", "https://s/m/p2.png"] } },
    { media: { id: 4, type: "WEBPAGE", url: "https://example.com/" } },
  ],
};

test("the files still missing are those of stored types not in the cache", () => {
  const stored = new Set(["https://s/m/a.png", "https://s/m/p1.png"]);
  const missing = missingFiles(playlist, (url) => stored.has(url)).map((f) => f.url);
  assert.deepEqual(missing, ["https://s/m/b.mp4", "https://s/m/p2.png"]); // never the web page
  assert.deepEqual(missingFiles({ items: [] }, () => false), []);
  // A file the server said is not there is not waited for.
  const gone = missingFiles(playlist, (url) => stored.has(url), (url) => url.endsWith("b.mp4")).map((f) => f.url);
  assert.deepEqual(gone, ["https://s/m/p2.png"]);
  assert.deepEqual(missingFiles(null, () => false), []);
});

test("a new version waits for its files while the old one plays, within a bound", () => {
  const missing = [{ url: "https://s/m/b.mp4" }];
  assert.equal(switchDecision({ missing: [], waitedMs: 0, maxWaitMs: 1000, hasCurrent: true }), "switch");
  assert.equal(switchDecision({ missing, waitedMs: 0, maxWaitMs: 1000, hasCurrent: true }), "wait");
  assert.equal(switchDecision({ missing, waitedMs: 999, maxWaitMs: 1000, hasCurrent: true }), "wait");
  assert.equal(switchDecision({ missing, waitedMs: 1000, maxWaitMs: 1000, hasCurrent: true }), "switch");
  // Nothing on screen: nothing to keep, show what can be shown.
  assert.equal(switchDecision({ missing, waitedMs: 0, maxWaitMs: 1000, hasCurrent: false }), "switch");
});
