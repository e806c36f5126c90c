// Proof of play: every play goes to an outbox in localStorage first, is announced over the
// socket at once, and leaves the outbox only once the server's REST answer accounts for it.
// Ids are made here, so a play sent twice is stored once.
import { screenId, tuning } from "../config.js";
import { postJSON } from "../net/api.js";

const KEY = "signage.popOutbox";
const MAX_KEPT = 20_000; // about two weeks of 1-minute items offline, then the oldest go
const BATCH = 500;

function load() {
  try {
    const items = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

// Read once at start; every change is written through, so a play survives a reload, and a
// play costs one write instead of parsing the whole (possibly weeks-long) outbox again.
let outbox = load();

function save() {
  if (outbox.length > MAX_KEPT) outbox = outbox.slice(-MAX_KEPT);
  localStorage.setItem(KEY, JSON.stringify(outbox));
}

export function recordPlay(socket, spec, playlistId, startedAt, seconds) {
  const play = {
    id: crypto.randomUUID(),
    mediaId: String(spec.media.id),
    playlistId: String(playlistId),
    playedAt: new Date(startedAt).toISOString(),
    durationSeconds: Math.round(seconds * 10) / 10,
  };
  outbox.push(play);
  save();
  if (socket.connected) socket.emit("screen:proof_of_play", [play]);
}

async function flush() {
  if (!outbox.length) return;
  const batch = outbox.slice(0, BATCH);
  await postJSON(`/api/player/${screenId}/proof_of_play`, batch);
  // Accepted, duplicate (already stored) and rejected (never storable) all leave the outbox;
  // plays recorded while the request was out stay.
  const done = new Set(batch.map((play) => play.id));
  outbox = outbox.filter((play) => !done.has(play.id));
  save();
}

export function startFlushing() {
  const run = () => flush().catch(() => {}).finally(() => setTimeout(run, tuning.popFlushMs));
  setTimeout(run, tuning.popFlushMs);
}
