// Proof of play: every play goes to an outbox first (IndexedDB through `store`), and leaves it
// only once the server's answer accounts for it (accepted, or a duplicate it already had).
// Ids are made here, so a play sent twice is stored once. Storage-agnostic for the tests:
// `store` has add(play), oldest(n), remove(ids), count(), dropOldest(n) and
// getDropped()/setDropped(n).

export const BATCH = 500;
export const MAX_KEPT = 50_000; // weeks of 1-minute items offline, then the oldest go (counted)

export function makePlay(spec, playlistId, startedAt, seconds, uuid = () => crypto.randomUUID()) {
  return {
    id: uuid(),
    mediaId: String(spec.media.id),
    playlistId: String(playlistId),
    playedAt: new Date(startedAt).toISOString(),
    durationSeconds: Math.round(seconds * 10) / 10,
  };
}

export class Outbox {
  constructor(store, { maxKept = MAX_KEPT, batch = BATCH } = {}) {
    this.store = store;
    this.maxKept = maxKept;
    this.batch = batch;
    this.sending = null;
  }

  async record(play) {
    await this.store.add(play);
    const excess = (await this.store.count()) - this.maxKept;
    if (excess > 0) {
      await this.store.dropOldest(excess);
      await this.store.setDropped((await this.store.getDropped()) + excess);
    }
  }

  pending() {
    return this.store.count();
  }

  // One batch through `send(batch) -> {accepted, duplicates, rejected: [{index, error}]}`;
  // returns how many left the outbox. A batch in flight is not sent twice at once.
  flush(send) {
    if (!this.sending) this.sending = this.sendOne(send).finally(() => (this.sending = null));
    return this.sending;
  }

  async sendOne(send) {
    const batch = await this.store.oldest(this.batch);
    if (!batch.length) return 0;
    const answer = await send(batch);
    if (!answer || typeof answer !== "object" || !Number.isInteger(answer.accepted)) {
      throw new Error("The server did not account for the plays: they stay in the outbox.");
    }
    // Rejected plays can never be stored (a media deleted since, say): counted as dropped.
    const rejected = Array.isArray(answer.rejected) ? answer.rejected : [];
    if (answer.accepted + (answer.duplicates || 0) + rejected.length !== batch.length) {
      throw new Error("The server's answer does not cover the batch: the plays stay in the outbox.");
    }
    if (rejected.length) await this.store.setDropped((await this.store.getDropped()) + rejected.length);
    await this.store.remove(batch.map((play) => play.id));
    return batch.length;
  }

  // Everything, batch after batch, while the server answers.
  async drain(send) {
    let total = 0;
    for (;;) {
      const sent = await this.flush(send);
      total += sent;
      if (sent < this.batch) return total;
    }
  }
}

// A store in memory, same interface: the tests' and the fallback when IndexedDB is unusable.
export class MemoryStore {
  constructor() {
    this.plays = [];
    this.dropped = 0;
  }
  async add(play) { this.plays.push(play); }
  async oldest(n) { return this.plays.slice(0, n); }
  async remove(ids) { const gone = new Set(ids); this.plays = this.plays.filter((p) => !gone.has(p.id)); }
  async count() { return this.plays.length; }
  async dropOldest(n) { this.plays.splice(0, n); }
  async getDropped() { return this.dropped; }
  async setDropped(n) { this.dropped = n; }
}
