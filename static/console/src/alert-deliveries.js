// An alert's page: each screen's confirmation arrives live (admin:command_status), and the
// summary counts follow.
import { io } from "socket.io-client";

const TONES = {
  DELIVERED: ["bg-emerald-100", "text-emerald-800"],
  FAILED: ["bg-red-100", "text-red-800"],
  PENDING: ["bg-amber-100", "text-amber-800"],
};
const ALL = Object.values(TONES).flat();
// The statuses in the page's language, as the server rendered them.
const LABELS = JSON.parse(document.querySelector("[data-status-labels]")?.dataset.statusLabels || "{}");

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

function show(commandId, status) {
  const badge = document.querySelector(`[data-command-id="${CSS.escape(String(commandId))}"]`);
  if (!badge || !TONES[status]) return;
  badge.dataset.deliveryStatus = status;
  badge.textContent = LABELS[status] || status;
  badge.classList.remove(...ALL);
  badge.classList.add(...TONES[status]);
  recount();
}

// Confirmations that arrived between the page's rendering and the socket's connection are
// not replayed: read the current statuses once connected, then follow the events.
async function catchUp() {
  const url = document.querySelector("[data-deliveries-url]")?.dataset.deliveriesUrl;
  if (!url) return;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  for (const delivery of (await response.json()).deliveries || []) show(delivery.commandId, delivery.status);
}

const socket = io({ transports: ["websocket", "polling"] });
socket.on("connect", () => catchUp().catch(() => {}));
socket.on("admin:command_status", (event) => show(event.commandId, event.status));
