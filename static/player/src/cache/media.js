// The media cache: downloads what the precache plan lists (nearest first, a few at a time),
// verifies each file (size; SHA-256 when the server gives one) before it enters Cache Storage
// in one put, so a half-written or corrupt file is never played; evicts what no longer
// plays; keeps within the storage quota. The Service Worker answers the players' requests
// (and Range requests) from the same cache.
import { evictable, fit } from "./planner.js";
import { MEDIA_CACHE } from "./names.js";

const SAFETY = 0.9; // never plan to fill the quota to the last byte
const UNKNOWN_SIZE = 2 * 1024 * 1024; // a PDF page's size is not announced: assume this
const HASH_MAX_BYTES = 256 * 1024 * 1024; // larger files are checked by size only

export async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class MediaCache {
  constructor({ report, concurrency = 2, retryBaseMs = 5_000, retryMaxMs = 600_000 }) {
    this.report = report; // (type, message, mediaId) => void
    this.concurrency = concurrency;
    this.retryBaseMs = retryBaseMs;
    this.retryMaxMs = retryMaxMs;
    this.failures = new Map(); // url -> { attempts, nextAt }
    this.stored = new Set();
    this.shortfallBytes = 0;
    this.running = null;
    this.again = false;
  }

  open() {
    return caches.open(MEDIA_CACHE);
  }

  async load() {
    try {
      const cache = await this.open();
      this.stored = new Set((await cache.keys()).map((r) => r.url));
    } catch {
      this.stored = new Set();
    }
    return this.stored;
  }

  has(url) {
    return this.stored.has(new URL(url, location.href).href);
  }

  gone(url) {
    return Boolean(this.failures.get(new URL(url, location.href).href)?.gone);
  }

  // Bring the cache in line with `files` (the plan, nearest first). One run at a time; a
  // call during a run schedules one more run after it, with the newest plan.
  sync(files, signal) {
    this.latest = files;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.run(this.latest, signal);
      } while (this.again && !signal?.aborted);
    })().finally(() => (this.running = null));
    return this.running;
  }

  async run(planned, signal) {
    const cache = await this.open();
    await this.load();
    const files = planned.map((f) => ({ ...f, url: new URL(f.url, location.href).href }));
    // What fits: our own bytes count as free, since we may replace them.
    const estimate = await storageEstimate();
    const ours = await this.bytesStored(cache, files);
    const budget = estimate.quota ? Math.max(0, estimate.quota * SAFETY - (estimate.usage - ours)) : Infinity;
    const { kept, shortfallBytes } = fit(files, budget, UNKNOWN_SIZE);
    for (const url of evictable([...this.stored], kept)) {
      await cache.delete(url);
      this.stored.delete(url);
    }
    await this.verifyStored(cache, kept);
    const queue = kept.filter((f) => !this.stored.has(f.url) && this.due(f.url));
    // The estimate is only an estimate: the browser refusing a file (quota exceeded) also
    // means full. Nearest first, so what is left then is the farthest.
    this.full = false;
    const worker = async () => {
      while (queue.length && !this.full && !signal?.aborted) await this.download(cache, queue.shift(), signal);
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    const refused = this.full ? kept.filter((f) => !this.stored.has(f.url)) : [];
    this.shortfallBytes = shortfallBytes + refused.reduce((sum, f) => sum + (f.size ?? UNKNOWN_SIZE), 0);
    if (this.shortfallBytes > 0) {
      const mb = Math.max(0.1, Math.round(this.shortfallBytes / 104857.6) / 10);
      this.report("STORAGE_FULL", `${mb} MB of scheduled media do not fit in the storage quota`, null);
    }
  }

  async bytesStored(cache, files) {
    const sizes = new Map(files.map((f) => [f.url, f.size ?? UNKNOWN_SIZE]));
    let total = 0;
    for (const url of this.stored) total += sizes.get(url) ?? UNKNOWN_SIZE;
    return total;
  }

  // A stored entry whose size is not the announced one was damaged: it goes, and is fetched again.
  async verifyStored(cache, files) {
    for (const file of files) {
      if (!this.stored.has(file.url) || file.size === null) continue;
      const response = await cache.match(file.url);
      const length = Number(response?.headers.get("Content-Length"));
      const blob = response ? await response.blob() : null;
      if (!blob || blob.size !== file.size || length !== file.size) {
        await cache.delete(file.url);
        this.stored.delete(file.url);
        this.report("MEDIA_CACHE", `stored copy of ${file.url} was damaged; fetching it again`, file.mediaId);
      }
    }
  }

  due(url) {
    const failure = this.failures.get(url);
    return !failure || Date.now() >= failure.nextAt;
  }

  // `gone`: the server said the file is not there (4xx), unlike a network error or a 5xx: a
  // new playlist version does not wait for it (the item is skipped as broken).
  failed(file, message, gone = false) {
    const attempts = (this.failures.get(file.url)?.attempts || 0) + 1;
    const wait = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** (attempts - 1));
    this.failures.set(file.url, { attempts, nextAt: Date.now() + wait, gone });
    this.report("MEDIA_DOWNLOAD", `${file.url}: ${message}`, file.mediaId);
  }

  async download(cache, file, signal) {
    let response;
    try {
      response = await fetch(file.url, { cache: "no-store", credentials: "omit", mode: "cors", signal });
    } catch (error) {
      if (!signal?.aborted) this.failed(file, `network: ${error.message || error}`);
      return;
    }
    // A 206 cannot be stored and would be a piece of the file: only a whole 200.
    if (response.status !== 200) {
      this.failed(file, `HTTP ${response.status}`, response.status >= 400 && response.status < 500);
      return;
    }
    try {
      // A Blob (Chromium keeps a large one on disk); read into memory only to be hashed.
      const blob = await response.blob();
      if (file.size !== null && blob.size !== file.size) {
        throw new Error(`size ${blob.size}, expected ${file.size}`);
      }
      // The server gives the digest's first hex digits (its storage key carries them). WebCrypto
      // cannot hash a stream: beyond HASH_MAX_BYTES the size alone is checked.
      if (file.sha256 && blob.size <= HASH_MAX_BYTES) {
        if (!(await sha256Hex(await blob.arrayBuffer())).startsWith(file.sha256.toLowerCase())) {
          throw new Error("SHA-256 mismatch");
        }
      }
      if (signal?.aborted) return;
      const headers = {
        "Content-Type": response.headers.get("Content-Type") || "application/octet-stream",
        "Content-Length": String(blob.size),
        "X-Stored-At": new Date().toISOString(),
      };
      await cache.put(file.url, new Response(blob, { status: 200, headers }));
      this.stored.add(file.url);
      this.failures.delete(file.url);
    } catch (error) {
      if (error.name === "QuotaExceededError") this.full = true;
      else if (!signal?.aborted) this.failed(file, String(error.message || error));
    }
  }
}

export async function storageEstimate() {
  try {
    const { usage = 0, quota = 0 } = (await navigator.storage?.estimate?.()) || {};
    return { usage, quota };
  } catch {
    return { usage: 0, quota: 0 };
  }
}

export async function persisted() {
  try {
    return Boolean(await navigator.storage?.persisted?.());
  } catch {
    return false;
  }
}

// Ask once at start; Chromium grants it to installed or engaged sites (and kiosks set it).
export async function requestPersistence() {
  try {
    return (await persisted()) || Boolean(await navigator.storage?.persist?.());
  } catch {
    return false;
  }
}
