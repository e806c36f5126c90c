// ONE Socket.IO connection, reconnected by hand: jittered, backed off, never re-created in a
// handler. WebSocket first, long-polling when WebSocket fails (a proxy that refuses upgrades
// still gets a live channel). A refused token stops it for good (activate the screen again).
// After the back-off gives up (net/backoff.js), onFallback(true) hands over to REST until
// the socket is back (onFallback(false)); the socket keeps retrying meanwhile.
import { io } from "socket.io-client";
import { tuning } from "../config.js";
import { retryDelay, shouldFallBack } from "./backoff.js";

export function connect(token, { onUnauthorized, onState, onFallback = () => {} }) {
  const socket = io({
    auth: { token },
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnection: false,
  });
  let attempt = 0;
  let failures = 0;
  let downSince = Date.now();
  let timer = null;
  let stopped = false;
  let fallenBack = false;

  const setFallback = (on) => {
    if (on !== fallenBack) {
      fallenBack = on;
      onFallback(on);
    }
  };
  const failed = (afterServerClose) => {
    failures += 1;
    if (downSince === null) downSince = Date.now();
    if (shouldFallBack(failures, downSince, Date.now(), tuning)) setFallback(true);
    if (stopped || timer) return;
    const delay = retryDelay(attempt, afterServerClose, tuning);
    attempt += 1;
    timer = setTimeout(() => {
      timer = null;
      if (!stopped) socket.connect();
    }, delay);
  };

  socket.on("connect", () => {
    attempt = 0;
    failures = 0;
    downSince = null;
    onState("connected");
    setFallback(false);
  });
  socket.on("disconnect", (reason) => {
    onState("disconnected");
    if (reason === "io client disconnect") return;
    failed(attempt === 0);
  });
  socket.on("connect_error", (error) => {
    if (error && error.message === "Unauthorized") {
      stopped = true;
      onUnauthorized();
      return;
    }
    onState("disconnected");
    failed(false);
  });
  return {
    socket,
    // "websocket" | "polling" while connected, else null.
    transport: () => (socket.connected ? socket.io.engine?.transport?.name || null : null),
    fallenBack: () => fallenBack,
    stop() {
      stopped = true;
      clearTimeout(timer);
      socket.disconnect();
    },
  };
}
