// The player's IndexedDB (through `idb`): the last schedule and clock offset (kv), the
// playlists by id@version, and the proof-of-play outbox. A database that cannot be opened
// (corrupt, wiped mid-write, a version from the future) is deleted and made again: the
// network refills it. If even that fails, callers get null and run from memory.
import { deleteDB, openDB } from "idb";

const NAME = "signage-player";
const VERSION = 1;

let opening = null;

function open() {
  return openDB(NAME, VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains("kv")) db.createObjectStore("kv");
      if (!db.objectStoreNames.contains("playlists")) db.createObjectStore("playlists");
      if (!db.objectStoreNames.contains("outbox")) {
        const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
        outbox.createIndex("id", "id", { unique: true });
      }
    },
    blocking() {
      // Another tab (a newer player) wants to upgrade: let it.
      opening?.then((db) => db && db.close());
      opening = null;
    },
    terminated() {
      opening = null; // the browser closed it under us: reopen on next use
    },
  });
}

// An open that never settles (blocked by another tab, a wedged profile) must not hold the
// screen: after this long the player goes on from memory and tries again on the next call.
const OPEN_TIMEOUT_MS = 5_000;

function withTimeout(promise) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error("IndexedDB did not open in time")), OPEN_TIMEOUT_MS)),
  ]);
}

export function database() {
  if (!opening) {
    opening = withTimeout(open())
      .catch(async (error) => {
        if (error && error.message === "IndexedDB did not open in time") throw error;
        await withTimeout(deleteDB(NAME)).catch(() => {});
        return withTimeout(open());
      })
      .catch(() => {
        opening = null;
        return null;
      });
  }
  return opening;
}

// Every read and write goes through here: a failing database never breaks playback.
async function attempt(fn, fallback) {
  try {
    const db = await database();
    return db ? await fn(db) : fallback;
  } catch {
    return fallback;
  }
}

export const kv = {
  get: (key) => attempt((db) => db.get("kv", key), undefined),
  set: (key, value) => attempt((db) => db.put("kv", value, key), undefined),
};

export const playlists = {
  put: (playlist) => attempt((db) => db.put("playlists", playlist, `${playlist.id}@${playlist.version}`), undefined),
  all: () =>
    attempt(async (db) => {
      const map = new Map();
      let cursor = await db.transaction("playlists").store.openCursor();
      while (cursor) {
        map.set(cursor.key, cursor.value);
        cursor = await cursor.continue();
      }
      return map;
    }, new Map()),
  // Keep only these keys (the playlists the schedule still names).
  keep: (keys) =>
    attempt(async (db) => {
      const tx = db.transaction("playlists", "readwrite");
      for (const key of await tx.store.getAllKeys()) if (!keys.has(key)) await tx.store.delete(key);
      await tx.done;
    }, undefined),
};

// The outbox's store for telemetry/outbox.js. Unlike the rest, its writes must not fail
// silently: a play not written is a play lost, so errors reach the caller.
export const outboxStore = {
  async add(play) {
    const db = await database();
    if (!db) throw new Error("IndexedDB is unavailable");
    await db.add("outbox", play);
  },
  oldest: (n) => attempt(async (db) => (await db.getAll("outbox", null, n)).map(({ seq, ...play }) => play), []),
  remove: (ids) =>
    attempt(async (db) => {
      const tx = db.transaction("outbox", "readwrite");
      for (const id of ids) {
        const seq = await tx.store.index("id").getKey(id);
        if (seq !== undefined) await tx.store.delete(seq);
      }
      await tx.done;
    }, undefined),
  count: () => attempt((db) => db.count("outbox"), 0),
  dropOldest: (n) =>
    attempt(async (db) => {
      const tx = db.transaction("outbox", "readwrite");
      let cursor = await tx.store.openCursor();
      for (let i = 0; cursor && i < n; i += 1) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
      await tx.done;
    }, undefined),
  getDropped: async () => (await kv.get("popDropped")) || 0,
  setDropped: (n) => kv.set("popDropped", n),
};

// cache:clear: the whole database goes; the next boot rebuilds it from the network.
export async function wipe() {
  const db = await opening?.catch(() => null);
  if (db) db.close();
  opening = null;
  await deleteDB(NAME);
}
