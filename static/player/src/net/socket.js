// ONE Socket.IO connection, reconnected by hand: jittered, backed off, never re-created in
// a handler. A refused token stops it for good (the screen must be activated again).
import { io } from "socket.io-client";
import { tuning } from "../config.js";

function between(min, max) {
  return min + Math.random() * (max - min);
}

export function connect(token, { onUnauthorized, onState }) {
  const socket = io({ auth: { token }, transports: ["websocket", "polling"], reconnection: false });
  let attempt = 0;
  let timer = null;
  let stopped = false;

  const retry = (afterServerClose) => {
    if (stopped || timer) return;
    const delay = afterServerClose
      ? between(tuning.firstRetryMinMs, tuning.firstRetryMaxMs)
      : Math.min(tuning.retryMaxMs, 1000 * 2 ** attempt) * between(0.5, 1.5);
    attempt += 1;
    timer = setTimeout(() => {
      timer = null;
      socket.connect();
    }, delay);
  };

  socket.on("connect", () => {
    attempt = 0;
    onState("connected");
  });
  socket.on("disconnect", (reason) => {
    onState("disconnected");
    if (reason === "io client disconnect") return;
    retry(attempt === 0);
  });
  socket.on("connect_error", (error) => {
    if (error && error.message === "Unauthorized") {
      stopped = true;
      onUnauthorized();
      return;
    }
    onState("disconnected");
    retry(false);
  });
  return socket;
}
