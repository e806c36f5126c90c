import assert from "node:assert/strict";
import { test } from "node:test";
import { RETRY_MS, afterPoll, retryAfterMs, serverAddress, shouldRenew } from "../src/pairing-rules.js";

test("a code is renewed a minute before it expires, or when its expiry cannot be read", () => {
  const now = Date.parse("2026-11-30T10:00:00Z");
  assert.equal(shouldRenew("2026-11-30T10:14:00Z", now), false);
  assert.equal(shouldRenew("2026-11-30T10:01:00Z", now), true);
  assert.equal(shouldRenew("2026-11-30T09:59:00Z", now), true);
  assert.equal(shouldRenew("soon", now), true);
});

test("what a poll's answer means", () => {
  assert.equal(afterPoll(202), "wait");
  assert.equal(afterPoll(200), "paired");
  for (const status of [404, 410, 401]) assert.equal(afterPoll(status), "restart");
  for (const status of [500, 502, 503, 429]) assert.equal(afterPoll(status), "retry");
});

test("a 429 waits its Retry-After, bounded, else the usual retry", () => {
  assert.equal(retryAfterMs("30"), 30_000);
  assert.equal(retryAfterMs("99999"), 15 * 60 * 1000);
  assert.equal(retryAfterMs(null), RETRY_MS);
  assert.equal(retryAfterMs("-4"), RETRY_MS);
});

test("the console's address is the page's origin", () => {
  assert.equal(serverAddress("https://signage.example.com/player#agent=x"), "https://signage.example.com");
  assert.equal(serverAddress("nope"), "");
});
