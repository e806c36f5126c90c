// The heartbeat (exactly the CONTRACT §6 fields: the server refuses unknown ones), over the
// socket only: volatile, so a heartbeat missed while offline is not replayed in a burst.
import { playerVersion, tuning } from "../config.js";

const bootedAt = performance.now();
let lastError = null;

export function noteError(message) {
  lastError = String(message).slice(0, 2000);
}

function connectionType() {
  // The spec's values: wifi | ethernet | unknown.
  const kind = navigator.connection && navigator.connection.type;
  return kind === "ethernet" || kind === "wifi" ? kind : "unknown";
}

function heartbeat(state) {
  const memory = performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null;
  const body = {
    uptime: Math.round((performance.now() - bootedAt) / 1000),
    memoryUsageMb: memory === null ? null : Math.round(memory * 10) / 10,
    connectionType: connectionType(),
    browserVersion: navigator.userAgent.slice(0, 120),
    resolution: `${screen.width}x${screen.height}`,
    isVisible: document.visibilityState === "visible",
    errorMessage: lastError,
    currentPlaylistId: state.playlistId,
    currentMediaName: state.mediaName,
    playerVersion,
  };
  lastError = null;
  return body;
}

export function startHeartbeats(socket, state) {
  const beat = () => {
    if (socket.connected) socket.volatile.emit("screen:heartbeat", heartbeat(state()));
  };
  socket.on("connect", beat);
  setInterval(beat, tuning.heartbeatMs);
}
