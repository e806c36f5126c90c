// The heartbeat: the CONTRACT §6 fields and the §13 offline ones. Over the socket it is
// volatile (a heartbeat missed while offline is not replayed in a burst); in the REST
// fallback it is POSTed.
import { playerVersion } from "../config.js";

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

const mb = (bytes) => (Number.isFinite(bytes) ? Math.round((bytes / 1048576) * 10) / 10 : null);

// state: { playlistId, mediaName, cachedUntil (ms|null), storage: {usage, quota},
// persisted, pending, online }
export function heartbeat(state) {
  const memory = performance.memory ? performance.memory.usedJSHeapSize : null;
  const body = {
    uptime: Math.round((performance.now() - bootedAt) / 1000),
    memoryUsageMb: mb(memory),
    connectionType: connectionType(),
    browserVersion: navigator.userAgent.slice(0, 120),
    resolution: `${screen.width}x${screen.height}`,
    isVisible: document.visibilityState === "visible",
    errorMessage: lastError,
    currentPlaylistId: state.playlistId,
    currentMediaName: state.mediaName,
    playerVersion,
    cachedUntil: state.cachedUntil === null || state.cachedUntil === undefined ? null : new Date(state.cachedUntil).toISOString(),
    storageUsedMb: mb(state.storage.usage),
    storageQuotaMb: mb(state.storage.quota),
    storagePersisted: Boolean(state.persisted),
    pendingProofOfPlay: state.pending,
    online: state.online,
  };
  lastError = null;
  return body;
}
