// Pure: what the media cache must hold, in which order, what fits, and until when the screen
// can play with no server at all. No DOM, no storage: the downloader and the heartbeat use it.
import { ahead } from "../schedule/resolver.js";

// Media types stored locally. Web pages, HTML sites and feeds need their own servers anyway.
const STORED = new Set(["IMAGE", "VIDEO", "PDF"]);

export function playlistKey(id, version) {
  return `${id}@${version}`;
}

// The files one playlist plays: [{url, size, sha256, mediaId}] (a PDF is its page images).
export function filesOf(playlist) {
  const files = [];
  for (const item of (playlist && playlist.items) || []) {
    const media = item.media || {};
    if (!STORED.has(media.type)) continue;
    if (media.type === "PDF") {
      for (const url of media.pages || []) files.push({ url, size: null, sha256: null, mediaId: String(media.id) });
    } else if (media.url) {
      files.push({
        url: media.url,
        size: Number.isInteger(media.fileSize) ? media.fileSize : null,
        sha256: typeof media.sha256 === "string" ? media.sha256 : null,
        mediaId: String(media.id),
      });
    }
  }
  return files;
}

// The stored playlist for a segment: its exact version, else the newest stored of that id
// (what plays if the new version could not be fetched before the outage).
export function playlistFor(segment, playlists) {
  const exact = playlists.get(playlistKey(segment.playlistId, segment.version));
  if (exact) return exact;
  let best = null;
  for (const p of playlists.values()) {
    if (String(p.id) === String(segment.playlistId) && (!best || p.version > best.version)) best = p;
  }
  return best;
}

// Every file the next `horizonMs` needs, once, ordered by when it is first needed; and the
// playlists (id@version) not stored yet.
export function plan(schedule, playlists, now, horizonMs) {
  const byUrl = new Map();
  const missing = [];
  for (const segment of ahead(schedule, now, horizonMs)) {
    const key = playlistKey(segment.playlistId, segment.version);
    if (!playlists.has(key) && !missing.some((m) => m.key === key)) {
      missing.push({ key, id: String(segment.playlistId), version: segment.version, neededAt: Math.max(now, segment.startMs) });
    }
    const playlist = playlistFor(segment, playlists);
    for (const file of filesOf(playlist)) {
      if (!byUrl.has(file.url)) byUrl.set(file.url, { ...file, neededAt: Math.max(now, segment.startMs) });
    }
  }
  const files = [...byUrl.values()].sort((a, b) => a.neededAt - b.neededAt);
  return { files, missing };
}

// What fits in `budgetBytes`: the nearest-in-time files first; a file of unknown size counts
// as `unknownSize`. The rest is the shortfall, reported rather than silently missing.
export function fit(files, budgetBytes, unknownSize = 0) {
  const kept = [];
  const dropped = [];
  let used = 0;
  for (const file of files) {
    const size = file.size ?? unknownSize;
    if (dropped.length === 0 && used + size <= budgetBytes) {
      kept.push(file);
      used += size;
    } else {
      dropped.push(file);
    }
  }
  const shortfallBytes = dropped.reduce((sum, f) => sum + (f.size ?? unknownSize), 0);
  return { kept, dropped, shortfallBytes };
}

// Until when every segment (from now on) has its playlist and all its files stored: the
// offline runway ends at the start of the first one that is not (now, if it plays already),
// else at the end of the last one. null when nothing is scheduled.
export function cachedUntil(schedule, playlists, isStored, now) {
  const segments = ahead(schedule, now);
  for (const segment of segments) {
    const playlist = playlistFor(segment, playlists);
    const complete = Boolean(playlist) && playlist.version === segment.version && filesOf(playlist).every((f) => isStored(f.url));
    if (!complete) return Math.max(now, segment.startMs);
  }
  return segments.length ? Math.max(...segments.map((s) => s.endMs)) : null;
}

// Stored files nothing plans to play any more.
export function evictable(storedUrls, files) {
  const wanted = new Set(files.map((f) => f.url));
  return storedUrls.filter((url) => !wanted.has(url));
}
