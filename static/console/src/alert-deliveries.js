// An alert's page: each screen's confirmation arrives live (admin:command_status), and the
// summary counts follow.
import { io } from "socket.io-client";

const TONES = {
  DELIVERED: ["bg-emerald-100", "text-emerald-800"],
  FAILED: ["bg-red-100", "text-red-800"],
  PENDING: ["bg-amber-100", "text-amber-800"],
};
const ALL = Object.values(TONES).flat();

function recount() {
  const counts = { DELIVERED: 0, PENDING: 0, FAILED: 0 };
  for (const badge of document.querySelectorAll("[data-delivery-status]")) {
    counts[badge.dataset.deliveryStatus] = (counts[badge.dataset.deliveryStatus] || 0) + 1;
  }
  for (const [status, count] of Object.entries(counts)) {
    const cell = document.querySelector(`[data-summary="${status}"]`);
    if (cell) cell.textContent = String(count);
  }
}

const socket = io({ transports: ["websocket", "polling"] });
socket.on("admin:command_status", (event) => {
  const badge = document.querySelector(`[data-command-id="${CSS.escape(String(event.commandId))}"]`);
  if (!badge || !TONES[event.status]) return;
  badge.dataset.deliveryStatus = event.status;
  badge.textContent = event.status;
  badge.classList.remove(...ALL);
  badge.classList.add(...TONES[event.status]);
  recount();
});
