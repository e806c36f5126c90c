// A content zone: plays its items one after the other, on deadlines of the server clock,
// double-buffered: the next item is prepared off screen before the current one ends and
// revealed only once ready, so the zone never shows an empty frame.
import { tuning } from "../config.js";
import { serverNow } from "../time/clock.js";
import { createItem, expand } from "./items.js";
import { transition } from "./transitions.js";

const PRELOAD_LEAD_MS = 3_000;

export function place(el, def) {
  // Percentages of the screen: one template fits every resolution and orientation.
  el.style.left = `${def.x}%`;
  el.style.top = `${def.y}%`;
  el.style.width = `${def.width}%`;
  el.style.height = `${def.height}%`;
  el.style.zIndex = String(def.zIndex || 0);
  if (def.backgroundColor) el.style.backgroundColor = def.backgroundColor;
  if (def.padding) el.style.padding = `${def.padding}px`;
  el.dataset.zone = def.id;
  el.dataset.zoneType = def.type;
}

export class ContentZone {
  constructor(def, specs, playlist, ctx) {
    this.def = def;
    this.playlist = playlist;
    this.ctx = ctx; // { report(type, message, mediaId), played(play), changed(spec), zoneState(zone) }
    this.specs = specs.flatMap(expand);
    this.el = document.createElement("div");
    this.el.className = "zone";
    place(this.el, def);
    this.index = -1;
    this.current = null;
    this.upcoming = null; // Promise<{ item, spec } | null> being prepared
    this.timers = new Set();
    this.failed = false;
    this.disposed = false;
  }

  get playable() {
    return this.specs.length > 0;
  }

  start() {
    if (this.playable) this.advance();
  }

  later(fn, ms) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    this.timers.add(timer);
  }

  clearTimers() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // Prepare the next item that works, trying each item at most once per round.
  async prepareNext() {
    for (let attempt = 0; attempt < this.specs.length; attempt += 1) {
      this.index = (this.index + 1) % this.specs.length;
      const spec = this.specs[this.index];
      const report = (type, message) => this.ctx.report(type, message, spec.media.id);
      const item = createItem(spec, this.playlist, report);
      if (!item) continue;
      item.layer.style.visibility = "hidden";
      this.el.append(item.layer);
      try {
        await item.prepare();
      } catch (error) {
        report("MEDIA_LOAD", String(error && error.message ? error.message : error));
        item.dispose();
        continue;
      }
      if (this.disposed) {
        item.dispose();
        return null;
      }
      return { item, spec };
    }
    return null;
  }

  async advance() {
    if (this.disposed) return;
    this.clearTimers();
    const lone = this.specs.length === 1 && this.current;
    if (lone) {
      // One item: keep it (a video loops by seeking), count a new play.
      this.finishPlay();
      if (this.current.item.restart) this.current.item.restart();
      this.startedAt = serverNow();
      this.ctx.changed(this.current.spec);
      this.arm(this.current.item.durationMs());
      return;
    }
    const next = await (this.upcoming || this.prepareNext());
    this.upcoming = null;
    if (this.disposed) {
      if (next) next.item.dispose();
      return;
    }
    if (!next) {
      this.setFailed(true);
      this.later(() => this.advance(), tuning.failedZoneRetryMs);
      return;
    }
    await this.show(next);
  }

  async show(next) {
    const previous = this.current;
    this.finishPlay();
    next.item.layer.style.visibility = "";
    this.current = next;
    this.startedAt = serverNow();
    // The screen's volume holds for every video, not only the one playing when it was set.
    const volume = this.ctx.volume ? this.ctx.volume() : null;
    if (volume !== null && volume !== undefined) next.item.onVolume(volume);
    next.item.start(() => this.advance());
    this.setFailed(false);
    this.ctx.changed(next.spec);
    const duration = next.item.durationMs();
    this.arm(duration);
    if (previous) {
      // The entering item's transitionIn, else the leaving item's transitionOut, else the playlist's.
      const kind = next.spec.transitionIn || previous.spec.transitionOut || this.playlist.transition;
      await transition(kind, next.item.layer, previous.item.layer);
      previous.item.dispose();
    }
  }

  arm(duration) {
    const deadline = this.startedAt + duration;
    if (this.specs.length > 1) {
      this.later(() => {
        this.upcoming = this.prepareNext();
      }, deadline - PRELOAD_LEAD_MS - serverNow());
    }
    this.later(() => this.advance(), deadline - serverNow());
  }

  finishPlay() {
    if (!this.current || this.startedAt === undefined) return;
    const seconds = (serverNow() - this.startedAt) / 1000;
    // «Contenu indisponible» is no play of the media: the report must not count it.
    if (seconds >= 0.5 && !this.current.item.unavailable) this.ctx.played(this.current.spec, this.startedAt, seconds);
  }

  setFailed(failed) {
    if (this.failed !== failed) {
      this.failed = failed;
      this.ctx.zoneState(this);
    }
  }

  onVolume(level) {
    if (this.current) this.current.item.onVolume(level);
  }

  dispose() {
    this.finishPlay();
    this.disposed = true;
    this.clearTimers();
    if (this.current) this.current.item.dispose();
    this.upcoming?.then((next) => next && next.item.dispose());
    this.el.remove();
  }
}
