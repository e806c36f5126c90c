// The player's lifecycle owner: one root with start()/stop(). It owns the socket, the loops
// (heartbeat, outbox flush, REST fallback, precache), the stage, and one AbortController per
// playlist load, where the newest load wins: a superseded load never swaps its stage in.
//
// Offline first: start() plays from IndexedDB at once (schedule, playlists, clock offset),
// then reconciles with the server. Media comes from the media cache through the Service Worker.
import { MediaCache, persisted, requestPersistence, storageEstimate } from "./cache/media.js";
import { MEDIA_CACHE, SHELL_PREFIX } from "./cache/names.js";
import { cachedUntil, plan, playlistFor, playlistKey } from "./cache/planner.js";
import { missingFiles, switchDecision } from "./cache/switch.js";
import { screenId, tuning } from "./config.js";
import { AuthError, getJSON, postJSON } from "./net/api.js";
import { wireCommands } from "./net/commands.js";
import { connect } from "./net/socket.js";
import { Stage } from "./render/stage.js";
import { parseSchedule, resolve } from "./schedule/resolver.js";
import * as db from "./store/db.js";
import { heartbeat, noteError } from "./telemetry/heartbeat.js";
import { makePlay, MemoryStore, Outbox } from "./telemetry/outbox.js";
import { adoptOffset, clockOffset, learn, serverNow } from "./time/clock.js";
import { setLocale } from "./i18n/index.js";
import { setScreen, syncAlerts } from "./ui/overlay.js";

const BOUNDARY_WAIT_MAX_MS = 120_000; // a very long item: do not wait for ever

export class PlayerRoot {
  constructor({ jwt, zones, onUnauthorized, setConnection }) {
    this.jwt = jwt;
    this.zones = zones;
    this.onUnauthorized = onUnauthorized;
    this.setConnection = setConnection;
    this.schedule = null;
    this.playlists = new Map(); // id@version -> playlist, mirrored in IndexedDB
    this.stage = null;
    this.loading = null; // { key, controller } of the load in progress
    this.boundaryTimer = null;
    this.boundaryWaiters = [];
    this.volume = null;
    this.mediaName = null;
    this.timezone = undefined;
    this.failed = false;
    this.runway = null;
    this.persisted = false;
    this.media = new MediaCache({ report: (type, message, mediaId) => this.report(type, message, mediaId), concurrency: tuning.downloadConcurrency });
    this.outbox = new Outbox(db.outboxStore);
    this.memoryOutbox = new Outbox(new MemoryStore()); // only if IndexedDB refuses a play
  }

  // ---- lifecycle -------------------------------------------------------------------------

  // The server's time as this player reckons it (what every deadline is measured on).
  now() {
    return serverNow();
  }

  async start() {
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.timers = new Set();
    this.precacheController = new AbortController();
    signal.addEventListener("abort", () => this.precacheController.abort(), { once: true });
    await this.restore();
    this.link = connect(this.jwt, {
      onState: this.setConnection,
      onUnauthorized: () => this.onUnauthorized(),
      onFallback: (on) => this.fallback(on),
    });
    this.socket = this.link.socket;
    wireCommands(this.socket, this);
    this.socket.on("connect", () => {
      this.beat().catch((error) => noteError(String(error)));
      this.refreshSchedule().catch((error) => this.offline(error));
      this.flush();
    });
    this.every(tuning.heartbeatMs, () => this.beat());
    this.every(tuning.popFlushMs, () => this.flush());
    this.every(tuning.precacheMs, () => this.precache());
    this.refreshSchedule().catch((error) => this.offline(error));
    requestPersistence().then((granted) => (this.persisted = granted));
    signal.addEventListener("abort", () => this.link.stop(), { once: true });
  }

  stop() {
    this.controller?.abort();
    for (const timer of this.timers || []) clearTimeout(timer);
    this.timers?.clear();
    clearTimeout(this.boundaryTimer);
    this.loading?.controller.abort();
    this.loading = null;
    if (this.stage) this.stage.dispose();
    this.stage = null;
  }

  // fn every `ms` after it settles, until stop(); one timer per loop, never overlapping.
  every(ms, fn, { now = false } = {}) {
    const signal = this.controller.signal;
    const run = async () => {
      if (signal.aborted) return;
      try {
        await fn();
      } catch (error) {
        noteError(String(error));
      }
      arm();
    };
    const arm = () => {
      if (signal.aborted) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        run();
      }, ms);
      this.timers.add(timer);
    };
    if (now) run();
    else arm();
    return signal;
  }

  // What the last run left in IndexedDB plays now, before the network answers (or not).
  async restore() {
    adoptOffset(await db.kv.get("clockOffset"));
    const volume = await db.kv.get("volume");
    if (Number.isFinite(volume)) this.volume = volume;
    this.playlists = await db.playlists.all();
    await this.adoptOldOutbox();
    await this.media.load();
    const stored = await db.kv.get("schedule");
    if (!stored) return;
    try {
      this.adopt(parseSchedule(stored));
    } catch (error) {
      noteError(`stored schedule unusable: ${error.message || error}`);
      return;
    }
    // Not awaited: the network starts meanwhile.
    this.evaluate().catch((error) => noteError(String(error)));
  }

  // Players before the offline one kept unsent plays in localStorage: they move over once.
  async adoptOldOutbox() {
    const KEY = "signage.popOutbox";
    let plays;
    try {
      plays = JSON.parse(localStorage.getItem(KEY) || "[]");
    } catch {
      plays = [];
    }
    if (!Array.isArray(plays) || !plays.length) {
      localStorage.removeItem(KEY);
      return;
    }
    for (const play of plays) {
      if (play && typeof play.id === "string") {
        await this.outbox.record(play).catch(() => this.memoryOutbox.record(play));
      }
    }
    localStorage.removeItem(KEY);
  }

  // ---- the REST fallback -----------------------------------------------------------------

  fallback(on) {
    this.restController?.abort();
    this.restController = null;
    document.body.dataset.fallback = on ? "rest" : "";
    if (!on || this.controller.signal.aborted) return;
    this.restController = new AbortController();
    const signal = this.restController.signal;
    const loop = (ms, fn) => {
      const run = async () => {
        if (signal.aborted || this.controller.signal.aborted) return;
        await fn().catch((error) => this.offline(error));
        if (!signal.aborted) {
          const timer = setTimeout(run, ms);
          this.timers.add(timer);
          signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
        }
      };
      run();
    };
    loop(tuning.heartbeatMs, () => this.beat());
    loop(tuning.restScheduleMs, () => this.refreshSchedule());
  }

  transport() {
    const live = this.link?.transport();
    if (live) return live;
    return "rest";
  }

  // ---- telemetry ---------------------------------------------------------------------------

  async state() {
    return {
      playlistId: this.stage ? this.stage.playlist.id : null,
      mediaName: this.mediaName,
      cachedUntil: this.runway,
      storage: await storageEstimate(),
      persisted: this.persisted || (await persisted()),
      pending: (await this.outbox.pending()) + (await this.memoryOutbox.pending()),
      online: this.transport(),
    };
  }

  async beat() {
    const body = heartbeat(await this.state());
    if (this.socket.connected) this.socket.volatile.emit("screen:heartbeat", body);
    else if (this.link.fallenBack()) await postJSON(`/api/player/${screenId}/heartbeat`, body);
  }

  report(type, message, mediaId) {
    noteError(`${type}: ${message}`);
    const body = { type, message: String(message).slice(0, 1900), mediaId: mediaId ?? null };
    if (this.socket?.connected) this.socket.emit("screen:error", body);
    else postJSON(`/api/player/${screenId}/error`, body).catch(() => {});
  }

  offline(error) {
    if (error instanceof AuthError) this.onUnauthorized();
    else noteError(String(error && error.message ? error.message : error)); // keep playing what plays
  }

  async played(spec, playlistId, startedAt, seconds) {
    const play = makePlay(spec, playlistId, startedAt, seconds);
    try {
      await this.outbox.record(play);
    } catch {
      await this.memoryOutbox.record(play);
    }
    if (this.socket?.connected) this.flush();
  }

  // The outbox's oldest batch: over the socket (acknowledged with the server's account) when
  // it is up, else REST. What the server did not account for stays.
  async flush() {
    const send = (batch) =>
      this.socket.connected
        ? this.socket.timeout(tuning.apiTimeoutMs).emitWithAck("screen:proof_of_play", batch)
        : postJSON(`/api/player/${screenId}/proof_of_play`, batch);
    try {
      await this.memoryOutbox.drain(send);
      await this.outbox.drain(send);
    } catch (error) {
      // Offline: the plays wait.
    }
  }

  // ---- schedule, playlists, media ---------------------------------------------------------

  adopt(schedule) {
    this.schedule = schedule;
    this.timezone = schedule.timezone || this.timezone;
    setLocale(schedule.locale); // the site's language (CONTRACT §14), kept with the stored schedule
    syncAlerts(schedule.alerts || []);
  }

  async refreshSchedule() {
    const sentAt = Date.now();
    const answer = await getJSON(`/api/player/${screenId}/schedule`);
    const receivedAt = Date.now();
    if (answer.fresh) {
      let schedule;
      try {
        schedule = parseSchedule(answer.body);
      } catch (error) {
        // A schedule that does not parse leaves the stored one (and the clock) in force.
        this.report("SCHEDULE_INVALID", error.message, null);
        return;
      }
      if (learn(schedule.serverTime, sentAt, receivedAt)) db.kv.set("clockOffset", clockOffset());
      this.adopt(schedule);
      await db.kv.set("schedule", schedule);
    }
    await this.evaluate();
    this.precache();
  }

  async evaluate() {
    clearTimeout(this.boundaryTimer);
    if (this.controller.signal.aborted || !this.schedule) return;
    const now = serverNow();
    const { playlist, until } = resolve(this.schedule, now);
    if (until !== null) this.boundaryTimer = setTimeout(() => this.evaluate(), Math.max(0, until - serverNow()) + 50);
    this.updateRunway();
    if (!playlist) {
      this.loading?.controller.abort();
      this.loading = null;
      this.clearStage();
      return;
    }
    const key = playlistKey(playlist.id, playlist.version);
    if (this.stage && this.stage.key === key) {
      // What plays is right again: a load of something else still in flight is stale.
      if (this.loading && this.loading.key !== key) {
        this.loading.controller.abort();
        this.loading = null;
      }
      return;
    }
    if (this.loading?.key === key) return;
    // Another version of what plays switches at an item boundary; another playlist at once.
    const atBoundary = Boolean(this.stage && this.stage.playlist.id === playlist.id);
    await this.load({ playlistId: playlist.id, version: playlist.version }, atBoundary).catch((error) => {
      if (error.name !== "AbortError") this.report("PLAYLIST_LOAD", String(error.message || error), null);
    });
  }

  // The playlist for a segment: stored (exact version) at once, else the network (and store
  // it), else the newest stored version of it.
  async playlistData(segment, signal) {
    const key = playlistKey(segment.playlistId, segment.version);
    if (this.playlists.has(key)) return this.playlists.get(key);
    try {
      return await this.fetchPlaylist(segment.playlistId, signal);
    } catch (error) {
      if (error instanceof AuthError) throw error;
      const stored = playlistFor(segment, this.playlists);
      if (stored) return stored;
      throw error;
    }
  }

  async fetchPlaylist(id, signal) {
    const { body } = await getJSON(`/api/player/${screenId}/playlist/${encodeURIComponent(id)}`, signal);
    if (!body || !body.template || !Array.isArray(body.items) || !Number.isInteger(body.version)) {
      throw new Error(`playlist ${id}: unusable answer`);
    }
    this.playlists.set(playlistKey(body.id, body.version), body);
    await db.playlists.put(body);
    return body;
  }

  async load(segment, atBoundary) {
    this.loading?.controller.abort();
    const controller = new AbortController();
    const key = playlistKey(segment.playlistId, segment.version);
    const mine = { key, controller };
    this.loading = mine;
    const signal = controller.signal;
    const superseded = () => signal.aborted || this.loading !== mine || this.controller.signal.aborted;
    try {
      const data = await this.playlistData(segment, signal);
      if (superseded()) return;
      if (this.stage && this.stage.key === playlistKey(data.id, data.version)) return;
      if (atBoundary) await this.untilStored(data, signal);
      if (superseded()) return;
      if (atBoundary) await this.nextBoundary(signal);
      if (superseded()) return;
      const stage = new Stage(data, this.context(data));
      stage.el.style.visibility = "hidden";
      this.zones.append(stage.el);
      stage.start();
      await this.firstFrames(stage, signal);
      if (superseded()) {
        stage.dispose();
        return;
      }
      stage.el.style.visibility = "";
      if (this.volume !== null) stage.onVolume(this.volume);
      const old = this.stage;
      this.stage = stage;
      if (old) old.dispose();
      document.body.dataset.playlistId = data.id;
      document.body.dataset.version = String(data.version);
      delete document.body.dataset.pendingVersion;
      // A playlist with nothing to show (emptied, or every item expired) is the idle screen,
      // the logo, not black; and no media is named as playing (issue 13).
      const showsSomething = stage.showsSomething;
      if (!showsSomething) {
        this.mediaName = null;
        delete document.body.dataset.media;
      }
      if (!this.failed) setScreen(showsSomething ? "playing" : "idle");
    } finally {
      if (this.loading === mine) this.loading = null;
    }
  }

  // A new version of what plays takes over once its files are stored (or the bound passed);
  // meanwhile the old version plays on, whole.
  async untilStored(data, signal) {
    // No Cache Storage (a page served over plain http from a LAN address is no secure
    // context): nothing is ever stored, so nothing is waited for.
    if (!window.caches) return;
    const started = Date.now();
    let asked = false;
    for (;;) {
      const missing = missingFiles(data, (url) => this.media.has(url), (url) => this.media.gone(url));
      const waitedMs = Date.now() - started;
      const decision = switchDecision({ missing, waitedMs, maxWaitMs: tuning.versionCacheWaitMs, hasCurrent: Boolean(this.stage) });
      if (decision === "switch") {
        if (missing.length && this.stage) {
          this.report("VERSION_INCOMPLETE", `version ${data.version} of playlist ${data.id} shown with ${missing.length} file(s) not stored`, null);
        }
        return;
      }
      document.body.dataset.pendingVersion = String(data.version);
      if (!asked) this.precache(); // the new version's files are in the plan: fetch them now
      asked = true;
      await new Promise((done) => {
        const timer = setTimeout(done, 500);
        signal.addEventListener("abort", () => { clearTimeout(timer); done(); }, { once: true });
      });
      if (signal.aborted) return;
    }
  }

  nextBoundary(signal) {
    return new Promise((resolveWaiter) => {
      this.boundaryWaiters.push(resolveWaiter);
      const timer = setTimeout(resolveWaiter, BOUNDARY_WAIT_MAX_MS);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolveWaiter();
      }, { once: true });
    });
  }

  firstFrames(stage, signal) {
    // Reveal a new stage once each of its zones shows something (or gave up), never empty.
    return new Promise((done) => {
      const started = Date.now();
      const check = () => {
        const waiting = stage.zones.filter((z) => z.playable && !z.current && !z.failed);
        if (signal.aborted || !waiting.length || Date.now() - started > tuning.readyTimeoutMs * 2) done();
        else setTimeout(check, 50);
      };
      check();
    });
  }

  context(playlist) {
    return {
      timezone: this.timezone,
      volume: () => this.volume,
      dataSource: (id) => getJSON(`/api/player/${screenId}/datasource/${encodeURIComponent(id)}`).then((a) => a.body),
      weather: (city, units) =>
        getJSON(`/api/player/${screenId}/weather?city=${encodeURIComponent(city)}&units=${units}`).then((a) => a.body),
      report: (type, message, mediaId) => this.report(type, message, mediaId),
      played: (spec, startedAt, seconds) => this.played(spec, playlist.id, startedAt, seconds),
      changed: (spec) => {
        this.mediaName = spec.media.name;
        document.body.dataset.media = spec.media.name;
        const waiters = this.boundaryWaiters;
        this.boundaryWaiters = [];
        waiters.forEach((resolveWaiter) => resolveWaiter());
      },
      allFailed: (failed) => {
        this.failed = failed;
        setScreen(failed ? "fallback" : "playing");
      },
    };
  }

  clearStage() {
    if (this.stage) this.stage.dispose();
    this.stage = null;
    delete document.body.dataset.playlistId;
    delete document.body.dataset.version;
    setScreen("idle");
  }

  // Fetch the playlists the next 72 h need, then their media, nearest first. One at a time.
  precache() {
    if (!this.schedule || this.precacheController.signal.aborted) return Promise.resolve();
    if (this.precaching) {
      this.precacheAgain = true;
      return this.precaching;
    }
    this.precaching = (async () => {
      do {
        this.precacheAgain = false;
        const now = serverNow();
        const { missing } = plan(this.schedule, this.playlists, now, tuning.horizonMs);
        for (const wanted of missing) {
          await this.fetchPlaylist(wanted.id, this.controller.signal).catch((error) => this.offline(error));
        }
        const { files } = plan(this.schedule, this.playlists, now, tuning.horizonMs);
        this.updateRunway();
        await this.media.sync(files, this.precacheController.signal);
        // Playlists no segment names any more go (the current one stays).
        const named = new Set(this.schedule.upcoming.map((s) => playlistKey(s.playlistId, s.version)));
        if (this.stage) named.add(this.stage.key);
        for (const key of [...this.playlists.keys()]) if (!named.has(key)) this.playlists.delete(key);
        await db.playlists.keep(named);
        this.updateRunway();
      } while (this.precacheAgain && !this.controller.signal.aborted);
    })()
      .catch((error) => noteError(`precache: ${error.message || error}`))
      .finally(() => (this.precaching = null));
    return this.precaching;
  }

  updateRunway() {
    if (!this.schedule) return;
    this.runway = cachedUntil(this.schedule, this.playlists, (url) => this.media.has(url), serverNow());
    document.body.dataset.cachedUntil = this.runway === null ? "" : new Date(this.runway).toISOString();
  }

  // ---- commands --------------------------------------------------------------------------

  async reloadPlaylist(playlistId) {
    if (playlistId) {
      // Its stored versions may be stale: the server's answer replaces them.
      await this.fetchPlaylist(String(playlistId), this.controller.signal).catch((error) => this.offline(error));
    }
    await this.refreshSchedule();
  }

  setVolume(level) {
    if (!Number.isFinite(level) || level < 0 || level > 100) throw new Error("The volume must be 0 to 100.");
    this.volume = level;
    db.kv.set("volume", level);
    if (this.stage) this.stage.onVolume(level);
  }

  // cache:clear: media and shell caches, the Service Worker, IndexedDB. The caller reloads.
  async clearCaches() {
    this.precacheController.abort(); // no download may land after the caches are gone
    await this.flush(); // plays not sent yet would go with the database
    if (window.caches) {
      for (const key of await caches.keys()) {
        if (key === MEDIA_CACHE || key.startsWith(SHELL_PREFIX)) await caches.delete(key);
      }
    }
    for (const registration of (await navigator.serviceWorker?.getRegistrations?.()) || []) await registration.unregister();
    await db.wipe();
  }
}

