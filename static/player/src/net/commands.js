// One handler per server event. Every command is acknowledged (DELIVERED or FAILED with a
// reason) and handled once, even when the server re-sends it after a reconnect.
import { capture } from "../telemetry/screenshot.js";
import { hideAlert, showAlert } from "../ui/overlay.js";
import { callAgent } from "./agent.js";

const handled = [];

function once(commandId) {
  if (!commandId) return true;
  if (handled.includes(commandId)) return false;
  handled.push(commandId);
  if (handled.length > 200) handled.shift();
  return true;
}

export function wireCommands(socket, player) {
  const ack = (commandId, status, error) => {
    if (commandId) socket.emit("screen:command_ack", { commandId, status, error: error || undefined });
  };
  const on = (event, handler, { ackAfter = true } = {}) => {
    socket.on(event, async (data = {}) => {
      const payload = data && typeof data === "object" ? data : {};
      if (!once(payload.commandId)) {
        ack(payload.commandId, "DELIVERED"); // the first ack may have been lost
        return;
      }
      try {
        await handler(payload);
        if (ackAfter) ack(payload.commandId, "DELIVERED");
      } catch (error) {
        ack(payload.commandId, "FAILED", String(error && error.message ? error.message : error));
      }
    });
  };

  on("playlist:reload", (p) => player.reloadPlaylist(p.playlistId ?? null));
  on("player:refresh", async () => {
    setTimeout(() => location.reload(), 500); // after the ack has left
  });
  on("cache:clear", async () => {
    await player.clearCaches(); // media, shell, IndexedDB; the reload refills them
    setTimeout(() => location.reload(), 500);
  });
  on("alert:show", (p) => showAlert(p));
  on("alert:hide", (p) => hideAlert(p.id));
  on("volume:set", (p) => player.setVolume(Number(p.level)));
  on("player:restart_browser", () => callAgent("restart_browser"));
  on("player:reboot", () => callAgent("reboot"));
  // The server settles a screenshot command itself when the image arrives (or is refused).
  on(
    "player:screenshot",
    async (p) => {
      const shot = await capture();
      socket.emit("screen:screenshot_response", { commandId: p.commandId, ...shot });
    },
    { ackAfter: false },
  );
}
