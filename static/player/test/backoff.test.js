import assert from "node:assert/strict";
import { test } from "node:test";
import { retryDelay, shouldFallBack } from "../src/net/backoff.js";

const tuning = { firstRetryMinMs: 1_000, firstRetryMaxMs: 30_000, retryMaxMs: 60_000, fallbackAfterFailures: 3, fallbackAfterMs: 60_000 };

test("after a server close the first retry is spread over the window", () => {
  assert.equal(retryDelay(0, true, tuning, () => 0), 1_000);
  assert.equal(retryDelay(0, true, tuning, () => 1), 30_000);
});

test("later retries double, capped, with ±50 % jitter", () => {
  const mid = () => 0.5; // jitter factor 1
  assert.deepEqual([0, 1, 2, 3, 5, 6, 10].map((a) => retryDelay(a, false, tuning, mid)), [1_000, 2_000, 4_000, 8_000, 32_000, 60_000, 60_000]);
  assert.equal(retryDelay(3, false, tuning, () => 0), 4_000);
  assert.equal(retryDelay(3, false, tuning, () => 1), 12_000);
});

test("REST takes over only after enough failures over enough time", () => {
  assert.equal(shouldFallBack(5, null, 100_000, tuning), false); // not down
  assert.equal(shouldFallBack(2, 0, 100_000, tuning), false); // too few failures
  assert.equal(shouldFallBack(3, 50_000, 100_000, tuning), false); // not long enough
  assert.equal(shouldFallBack(3, 40_000, 100_000, tuning), true);
});
