// /player/{screenId}: boot. Wires the modules together; the rules live in them.
import { screenId, tuning } from "./config.js";
import { AuthError, getJSON, postJSON } from "./net/api.js";
import { wireCommands } from "./net/commands.js";
import { connect } from "./net/socket.js";
import { Stage } from "./render/stage.js";
import { resolve } from "./schedule/resolver.js";
import { savedIdentity } from "./identity.js";
import { startHeartbeats, noteError } from "./telemetry/heartbeat.js";
import { recordPlay, startFlushing } from "./telemetry/proof.js";
import { learn, serverNow } from "./time/clock.js";
import { setNotice, setScreen, syncAlerts } from "./ui/overlay.js";

const zones = document.getElementById("zones");

class Player {
  constructor(socket) {
    this.socket = socket;
    this.schedule = null;
    this.stage = null;
    this.loading = null; // the playlist key being prepared
    this.boundaryTimer = null;
    this.volume = null;
    this.mediaName = null;
    this.timezone = undefined;
    this.failed = false;
  }

  context(playlist) {
    return {
      timezone: this.timezone,
      dataSource: (id) => getJSON(`/api/player/${screenId}/datasource/${encodeURIComponent(id)}`),
      weather: (city, units) =>
        getJSON(`/api/player/${screenId}/weather?city=${encodeURIComponent(city)}&units=${units}`),
      report: (type, message, mediaId) => this.report(type, message, mediaId),
      played: (spec, startedAt, seconds) => recordPlay(this.socket, spec, playlist.id, startedAt, seconds),
      changed: (spec) => {
        this.mediaName = spec.media.name;
        document.body.dataset.media = spec.media.name;
        this.boundaryWaiters?.forEach((resolveWaiter) => resolveWaiter());
        this.boundaryWaiters = [];
      },
      allFailed: (failed) => {
        this.failed = failed;
        setScreen(failed ? "fallback" : "playing");
      },
    };
  }

  report(type, message, mediaId) {
    noteError(`${type}: ${message}`);
    const body = { type, message: String(message).slice(0, 1900), mediaId: mediaId ?? null };
    if (this.socket.connected) this.socket.emit("screen:error", body);
    else postJSON(`/api/player/${screenId}/error`, body).catch(() => {});
  }

  async refreshSchedule() {
    const sentAt = Date.now();
    const body = await getJSON(`/api/player/${screenId}/schedule`);
    if (body !== this.schedule) learn(body.serverTime, sentAt, Date.now()); // a 304 repeats an old serverTime
    this.schedule = body;
    this.timezone = body.timezone || this.timezone;
    syncAlerts(body.alerts || []);
    await this.evaluate();
  }

  async evaluate() {
    clearTimeout(this.boundaryTimer);
    const now = serverNow();
    const { playlist, until } = resolve(this.schedule, now);
    if (until !== null) this.boundaryTimer = setTimeout(() => this.evaluate(), Math.max(0, until - serverNow()) + 50);
    if (!playlist) {
      this.clearStage();
      return;
    }
    const key = `${playlist.id}@${playlist.version}`;
    if ((this.stage && this.stage.key === key) || this.loading === key) return;
    // Another version of what plays switches at an item boundary; another playlist at once.
    const atBoundary = Boolean(this.stage && this.stage.playlist.id === playlist.id);
    await this.load(playlist.id, atBoundary);
  }

  async load(playlistId, atBoundary) {
    const data = await getJSON(`/api/player/${screenId}/playlist/${playlistId}`);
    const key = `${data.id}@${data.version}`;
    if ((this.stage && this.stage.key === key) || this.loading === key) return;
    this.loading = key;
    try {
      if (atBoundary) await this.nextBoundary();
      const stage = new Stage(data, this.context(data));
      stage.el.style.visibility = "hidden";
      zones.append(stage.el);
      stage.start();
      await this.firstFrames(stage);
      stage.el.style.visibility = "";
      if (this.volume !== null) stage.onVolume(this.volume);
      const old = this.stage;
      this.stage = stage;
      if (old) old.dispose();
      document.body.dataset.playlistId = data.id;
      document.body.dataset.version = String(data.version);
      if (!this.failed) setScreen("playing");
    } finally {
      this.loading = null;
    }
  }

  nextBoundary() {
    return new Promise((resolveWaiter) => {
      this.boundaryWaiters = [...(this.boundaryWaiters || []), resolveWaiter];
      setTimeout(resolveWaiter, 120_000); // a very long item: do not wait for ever
    });
  }

  firstFrames(stage) {
    // Reveal a new stage once each of its zones shows something (or gave up), never empty.
    return new Promise((done) => {
      const started = Date.now();
      const check = () => {
        const waiting = stage.zones.filter((z) => z.playable && !z.current && !z.failed);
        if (!waiting.length || Date.now() - started > tuning.readyTimeoutMs * 2) done();
        else setTimeout(check, 50);
      };
      check();
    });
  }

  clearStage() {
    if (this.stage) this.stage.dispose();
    this.stage = null;
    delete document.body.dataset.playlistId;
    delete document.body.dataset.version;
    setScreen("idle");
  }

  async reloadPlaylist(playlistId) {
    if (playlistId && this.stage && this.stage.playlist.id === String(playlistId)) {
      await this.load(String(playlistId), true);
    }
    await this.refreshSchedule();
  }

  setVolume(level) {
    if (!Number.isFinite(level) || level < 0 || level > 100) throw new Error("The volume must be 0 to 100.");
    this.volume = level;
    if (this.stage) this.stage.onVolume(level);
  }
}

function setConnection(state) {
  document.body.dataset.connection = state;
}

// The socket's refusal and the REST 401 say the same thing, the same way.
function unauthorized() {
  setConnection("unauthorized");
  setNotice("This screen is no longer authorised. Activate it again from the console.");
}

function boot() {
  const { jwt, screenId: savedScreenId } = savedIdentity();
  if (!jwt || savedScreenId !== screenId) {
    location.replace("/player/activate");
    return;
  }
  setScreen("idle");
  const socket = connect(jwt, { onState: setConnection, onUnauthorized: unauthorized });
  const player = new Player(socket);
  window.signagePlayer = player; // for the browser tests' eyes only (they spy on its socket)
  wireCommands(socket, player);
  startHeartbeats(socket, () => ({ playlistId: player.stage ? player.stage.playlist.id : null, mediaName: player.mediaName }));
  startFlushing();
  socket.on("connect", () => player.refreshSchedule().catch(() => {}));

  const poll = () => {
    player
      .refreshSchedule()
      .catch((error) => {
        if (error instanceof AuthError) unauthorized();
        else noteError(String(error)); // offline: keep playing what plays
      })
      .finally(() => setTimeout(poll, tuning.scheduleRefreshMs));
  };
  poll();
  window.addEventListener("error", (event) => player.report("PLAYER_ERROR", event.message, null));
  window.addEventListener("unhandledrejection", (event) => player.report("PLAYER_ERROR", String(event.reason), null));
}

boot();
