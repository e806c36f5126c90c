import assert from "node:assert/strict";
import { test } from "node:test";

import { clockText } from "../src/durations.js";

test("a zone's total reads like a clock, hours only when there are some", () => {
  assert.equal(clockText(0), "0:00");
  assert.equal(clockText(45), "0:45");
  assert.equal(clockText(750), "12:30");
  assert.equal(clockText(3725), "1:02:05");
});

test("nonsense counts as nothing", () => {
  assert.equal(clockText(-5), "0:00");
  assert.equal(clockText("abc"), "0:00");
  assert.equal(clockText(59.9), "0:59");
});
