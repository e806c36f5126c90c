import assert from "node:assert/strict";
import { test } from "node:test";
import { makePlay, MemoryStore, Outbox } from "../src/telemetry/outbox.js";

let n = 0;
const play = () => makePlay({ media: { id: 4 } }, 9, Date.parse("2026-01-01T10:00:00Z"), 10.04, () => `id-${(n += 1)}`);

test("a play carries a client id and the contract's fields", () => {
  const p = makePlay({ media: { id: 4 } }, 9, Date.parse("2026-01-01T10:00:00Z"), 10.04, () => "u");
  assert.deepEqual(p, { id: "u", mediaId: "4", playlistId: "9", playedAt: "2026-01-01T10:00:00.000Z", durationSeconds: 10 });
});

test("plays leave only once the server accounts for them, in batches", async () => {
  const outbox = new Outbox(new MemoryStore(), { batch: 2 });
  for (let i = 0; i < 5; i += 1) await outbox.record(play());
  const sent = [];
  const server = new Set();
  const send = async (batch) => {
    sent.push(batch.map((p) => p.id));
    let accepted = 0;
    let duplicates = 0;
    for (const p of batch) {
      if (server.has(p.id)) duplicates += 1;
      else {
        server.add(p.id);
        accepted += 1;
      }
    }
    return { accepted, duplicates, rejected: [] };
  };
  assert.equal(await outbox.drain(send), 5);
  assert.deepEqual(sent.map((b) => b.length), [2, 2, 1]);
  assert.equal(await outbox.pending(), 0);
  assert.equal(server.size, 5);
});

test("a failed or unexplained answer keeps the batch", async () => {
  const outbox = new Outbox(new MemoryStore(), { batch: 10 });
  await outbox.record(play());
  await outbox.record(play());
  await assert.rejects(outbox.flush(async () => {
    throw new Error("offline");
  }));
  assert.equal(await outbox.pending(), 2);
  await assert.rejects(outbox.flush(async () => ({ error: "busy" })));
  await assert.rejects(outbox.flush(async () => ({ accepted: 1, duplicates: 0, rejected: [] }))); // one unaccounted
  assert.equal(await outbox.pending(), 2);
  // Rejected plays can never be stored: they leave, counted as dropped.
  assert.equal(await outbox.flush(async () => ({ accepted: 1, duplicates: 0, rejected: [{ index: 1, error: "bad" }] })), 2);
  assert.equal(await outbox.pending(), 0);
  assert.equal(await outbox.store.getDropped(), 1);
});

test("plays recorded while a batch is out stay for the next one", async () => {
  const outbox = new Outbox(new MemoryStore(), { batch: 10 });
  await outbox.record(play());
  let release;
  const answered = new Promise((r) => (release = r));
  const flushing = outbox.flush(async (batch) => {
    await answered;
    return { accepted: batch.length, duplicates: 0, rejected: [] };
  });
  // A second flush during the first joins it rather than sending the same plays again.
  assert.equal(outbox.flush(async () => assert.fail("sent twice")), flushing);
  await outbox.record(play());
  release();
  assert.equal(await flushing, 1);
  assert.equal(await outbox.pending(), 1);
});

test("beyond the cap the oldest go, and are counted", async () => {
  const outbox = new Outbox(new MemoryStore(), { maxKept: 3 });
  const ids = [];
  for (let i = 0; i < 5; i += 1) {
    const p = play();
    ids.push(p.id);
    await outbox.record(p);
  }
  assert.deepEqual((await outbox.store.oldest(10)).map((p) => p.id), ids.slice(2));
  assert.equal(await outbox.store.getDropped(), 2);
});
