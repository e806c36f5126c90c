// /player/{screenId}: the screen's live connection. Playback arrives with the player milestone;
// until a playlist is scheduled the spec's idle screen (black, logo) is the right picture.
import { io } from "socket.io-client";
import { savedIdentity } from "./storage.js";

const screenId = document.body.dataset.screenId;
const notice = document.getElementById("notice");
const { jwt, screenId: savedScreenId } = savedIdentity();

function setConnection(state, text) {
  document.body.dataset.connection = state;
  notice.hidden = !text;
  notice.textContent = text || "";
}

if (!jwt || savedScreenId !== screenId) {
  location.replace("/player/activate");
} else {
  const socket = io({
    auth: { token: jwt },
    transports: ["websocket", "polling"],
    // Spread a fleet's reconnections after a server restart: 1 s doubling to 60 s, ±50 %.
    reconnectionDelay: 1000,
    reconnectionDelayMax: 60_000,
    randomizationFactor: 0.5,
  });
  socket.on("connect", () => setConnection("connected", ""));
  socket.on("disconnect", (reason) => {
    if (reason === "io server disconnect") {
      // The server closed us on purpose (revoked): reconnecting tells us whether it still wants us.
      setTimeout(() => socket.connect(), 1000 + Math.random() * 4000);
    }
    setConnection("disconnected", "");
  });
  socket.on("connect_error", (error) => {
    if (error && error.message === "Unauthorized") {
      socket.disconnect();
      setConnection("unauthorized", "This screen is no longer authorised. Activate it again from the console.");
    } else {
      setConnection("disconnected", "");
    }
  });
}
