import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRange, ranged } from "../src/cache/range.js";

test("ranges are read as HTTP says", () => {
  assert.deepEqual(parseRange("bytes=0-", 100), { start: 0, end: 99 });
  assert.deepEqual(parseRange("bytes=10-19", 100), { start: 10, end: 19 });
  assert.deepEqual(parseRange("bytes=90-200", 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange("bytes=-10", 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange("bytes=-500", 100), { start: 0, end: 99 });
  assert.equal(parseRange("bytes=100-", 100), "unsatisfiable");
  assert.equal(parseRange("bytes=20-10", 100), "unsatisfiable");
  assert.equal(parseRange("bytes=-0", 100), "unsatisfiable");
  assert.equal(parseRange("bytes=0-1,5-6", 100), null); // multipart: the whole file
  assert.equal(parseRange("items=0-1", 100), null);
  assert.equal(parseRange(null, 100), null);
});

test("a 206 is built from the whole cached response", async () => {
  const body = new Uint8Array(100).map((_, i) => i);
  const cached = () => new Response(body, { headers: { "Content-Type": "video/mp4" } });
  const part = await ranged(new Request("http://x/v.mp4", { headers: { Range: "bytes=10-19" } }), cached());
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("Content-Range"), "bytes 10-19/100");
  assert.equal(part.headers.get("Content-Type"), "video/mp4");
  assert.deepEqual([...new Uint8Array(await part.arrayBuffer())], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  const none = await ranged(new Request("http://x/v.mp4", { headers: { Range: "bytes=200-" } }), cached());
  assert.equal(none.status, 416);
  assert.equal(none.headers.get("Content-Range"), "bytes */100");
  const whole = await ranged(new Request("http://x/v.mp4"), cached());
  assert.equal(whole.status, 200);
});
