// One playable item: prepare(signal) makes it ready off screen (resolves, or rejects with the
// reason), start() plays it, durationMs() says how long, dispose() frees everything. Each
// item owns one AbortController for its listeners and timers, so disposal is complete.
import { tuning } from "../config.js";
import { onLocaleChange, pgettext } from "../i18n/index.js";

const SECOND = 1000;

function timeout(ms, signal, message) {
  return new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  });
}

// Media on another origin (a CDN) are fetched with CORS, so a screenshot can read them back.
function corsIfForeign(el, url) {
  if (new URL(url, location.href).origin !== location.origin) el.crossOrigin = "anonymous";
}

class Item {
  constructor(spec, playlist, report) {
    this.spec = spec; // the playlist item; spec.media is the media
    this.playlist = playlist;
    this.report = report; // (type, message) => void
    this.controller = new AbortController();
    this.layer = document.createElement("div");
    this.layer.className = "layer";
    // contain (letterboxed) is the stylesheet's default; cover and fill are the item's choice.
    if (spec.fit === "cover" || spec.fit === "fill") this.layer.classList.add(`fit-${spec.fit}`);
  }

  get signal() {
    return this.controller.signal;
  }

  seconds(fallback) {
    const own = this.spec.duration;
    const media = this.spec.media.duration;
    return own || media || fallback || this.playlist.defaultDuration || 10;
  }

  durationMs() {
    return this.seconds() * SECOND;
  }

  start() {}

  onVolume() {}

  dispose() {
    this.controller.abort();
    this.layer.remove();
  }
}

class ImageItem extends Item {
  async prepare() {
    const img = new Image();
    img.alt = "";
    img.decoding = "async";
    corsIfForeign(img, this.spec.media.url);
    img.src = this.spec.media.url;
    this.layer.append(img);
    await Promise.race([img.decode(), timeout(tuning.readyTimeoutMs, this.signal, "image not ready in time")]);
  }
}

class VideoItem extends Item {
  constructor(...args) {
    super(...args);
    this.video = document.createElement("video");
    Object.assign(this.video, { muted: true, playsInline: true, preload: "auto", loop: false });
    this.video.setAttribute("muted", "");
    this.video.setAttribute("playsinline", "");
    this.volume = null;
  }

  async prepare() {
    const video = this.video;
    corsIfForeign(video, this.spec.media.url);
    video.src = this.spec.media.url;
    this.layer.append(video);
    const ready = new Promise((resolve, reject) => {
      video.addEventListener("loadeddata", resolve, { once: true, signal: this.signal });
      video.addEventListener("error", () => reject(new Error(`video error ${video.error?.code ?? ""}`)), { once: true, signal: this.signal });
    });
    await Promise.race([ready, timeout(tuning.readyTimeoutMs, this.signal, "video not ready in time")]);
  }

  durationMs() {
    // The item's override, else the media's, else the file's real length.
    const real = Number.isFinite(this.video.duration) ? this.video.duration : null;
    return this.seconds(real) * SECOND;
  }

  onVolume(level) {
    this.volume = level;
    this.video.volume = Math.max(0, Math.min(1, level / 100));
    this.video.muted = level === 0;
  }

  start(onStall) {
    const video = this.video;
    video.play().catch((error) => this.report("VIDEO_PLAY", String(error)));
    // A frozen video fires neither `error` nor `ended`: check that time moves.
    let last = -1;
    const check = setInterval(() => {
      if (video.paused || video.ended) return;
      if (video.currentTime === last) {
        clearInterval(check);
        this.report("VIDEO_STALL", `no progress for ${tuning.stallMs / SECOND} s`);
        onStall();
      }
      last = video.currentTime;
    }, tuning.stallMs);
    this.signal.addEventListener("abort", () => clearInterval(check), { once: true });
    // Hold the last frame at the end rather than going black before the deadline.
    video.addEventListener("ended", () => video.pause(), { signal: this.signal });
  }

  restart() {
    // A lone video loops by seeking, never by recreating the element.
    this.video.currentTime = 0;
    this.video.play().catch(() => {});
  }

  dispose() {
    // Removing a <video> with a live source leaks its decoder: empty it first.
    const video = this.video;
    video.pause();
    video.removeAttribute("src");
    video.load();
    super.dispose();
  }
}

class FrameItem extends Item {
  // WEBPAGE (another site) or HTML (ours, served sandboxed): a sandboxed iframe.
  async prepare() {
    if (this.spec.media.frameRefused) {
      // The server found the page refusing frames (X-Frame-Options, CSP frame-ancestors):
      // Chromium would show an empty frame and still fire `load`, so say it at once.
      this.showUnavailable("IFRAME_BLOCKED", "the page refuses to be shown in a frame");
      return;
    }
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", this.spec.media.type === "HTML" ? "allow-scripts" : "allow-scripts allow-same-origin");
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.src = this.spec.media.url;
    this.frame = frame;
    this.layer.append(frame);
    const loaded = new Promise((resolve) => frame.addEventListener("load", resolve, { once: true, signal: this.signal }));
    try {
      await Promise.race([loaded, timeout(tuning.iframeLoadMs, this.signal, "page did not load")]);
    } catch (error) {
      frame.remove();
      this.frame = null;
      this.showUnavailable("IFRAME_BLOCKED", String(error.message || error));
    }
  }

  showUnavailable(type, message) {
    // Shown, not skipped at once: the screen says why, then moves on.
    this.report(type, message);
    this.layer.classList.add("unavailable");
    // A single-item zone keeps this layer up: it follows a change of the site's language.
    const say = () => {
      this.layer.textContent = pgettext("player", "Content unavailable");
    };
    say();
    this.signal.addEventListener("abort", onLocaleChange(say), { once: true });
    this.unavailable = true;
  }

  durationMs() {
    return this.unavailable ? tuning.unavailableMs : super.durationMs();
  }

  dispose() {
    if (this.frame) this.frame.src = "about:blank";
    super.dispose();
  }
}

class PageItem extends ImageItem {
  // One page of a PDF, shown as an image slide.
  constructor(spec, playlist, report, pageUrl) {
    super({ ...spec, media: { ...spec.media, url: pageUrl } }, playlist, report);
  }
}

// A PDF plays as one slide per page; everything else as itself.
export function expand(spec) {
  if (spec.media.type === "PDF") {
    return (spec.media.pages || []).map((url, page) => ({ ...spec, pageUrl: url, page }));
  }
  return [spec];
}

export function createItem(spec, playlist, report) {
  switch (spec.media.type) {
    case "IMAGE":
      return new ImageItem(spec, playlist, report);
    case "VIDEO":
      return new VideoItem(spec, playlist, report);
    case "PDF":
      return new PageItem(spec, playlist, report, spec.pageUrl);
    case "WEBPAGE":
    case "HTML":
      return new FrameItem(spec, playlist, report);
    default:
      return null; // RSS and DATASET feed widgets, not content layers
  }
}
