import assert from "node:assert/strict";
import { test } from "node:test";
import { createClock } from "../src/time/clock.js";

test("the offset comes from the midpoint of the round trip", () => {
  let local = 10_000;
  const clock = createClock(() => local);
  // Sent at 10 000, answered at 10 200: the server said 60 000 at the midpoint (10 100).
  assert.equal(clock.learn(new Date(60_000).toISOString(), 10_000, 10_200), true);
  assert.equal(clock.offset(), 60_000 - 10_100);
  local = 20_000;
  assert.equal(clock.serverNow(), 20_000 + 49_900);
});

test("a slower sample does not replace a faster one", () => {
  const clock = createClock(() => 0);
  clock.learn(new Date(1_000_000).toISOString(), 0, 100);
  const kept = clock.offset();
  assert.equal(clock.learn(new Date(5_000_000).toISOString(), 0, 1_000), false);
  assert.equal(clock.offset(), kept);
  // Within 1.5x of the best, a newer sample wins (drift is followed).
  assert.equal(clock.learn(new Date(2_000_000).toISOString(), 0, 140), true);
  assert.equal(clock.offset(), 2_000_000 - 70);
});

test("garbage is ignored", () => {
  const clock = createClock(() => 0);
  assert.equal(clock.learn("not a time", 0, 10), false);
  assert.equal(clock.learn(new Date(5).toISOString(), 10, 0), false); // answered before sent
  assert.equal(clock.offset(), 0);
});

test("a stored offset holds until the first real sample", () => {
  const clock = createClock(() => 1_000);
  clock.adopt(5_000);
  assert.equal(clock.serverNow(), 6_000);
  clock.adopt(Number.NaN);
  assert.equal(clock.offset(), 5_000);
  clock.learn(new Date(2_000).toISOString(), 1_000, 1_000);
  assert.equal(clock.offset(), 1_000);
  clock.adopt(9_999); // an old stored value never overrides a measured one
  assert.equal(clock.offset(), 1_000);
});
