// /player on a kiosk without a token: ask for a pairing code, show it large, wait for an admin
// to type it in the console, then keep the player token and go play (CONTRACT §12). The agent's
// address in the URL fragment is adopted first (the launcher opens /player#agent=…).
import { savedIdentity, saveIdentity } from "./identity.js";
import { agentConfig, startAlivePings } from "./net/agent.js";
import { POLL_MS, RETRY_MS, afterPoll, retryAfterMs, serverAddress, shouldRenew } from "./pairing-rules.js";

const texts = document.body.dataset;
const codeEl = document.getElementById("code");
const message = document.getElementById("message");
const address = document.getElementById("address");

function show(state, text) {
  document.body.dataset.state = state;
  message.textContent = text;
}

async function ask() {
  let response;
  try {
    response = await fetch("/api/player/pairings", { method: "POST", headers: { Accept: "application/json" } });
  } catch {
    show("retrying", texts.unreachable);
    setTimeout(ask, RETRY_MS);
    return;
  }
  if (response.status === 429) {
    show("retrying", texts.busy);
    setTimeout(ask, retryAfterMs(response.headers.get("Retry-After")));
    return;
  }
  if (!response.ok) {
    show("retrying", texts.failing);
    setTimeout(ask, RETRY_MS);
    return;
  }
  const pairing = await response.json();
  codeEl.textContent = pairing.code;
  show("waiting", texts.waiting);
  poll(pairing);
}

async function poll(pairing) {
  if (shouldRenew(pairing.expiresAt, Date.now())) {
    ask();
    return;
  }
  let response;
  try {
    response = await fetch(`/api/player/pairings/${encodeURIComponent(pairing.pairingId)}`, {
      headers: { Authorization: `Bearer ${pairing.pollToken}`, Accept: "application/json" },
    });
  } catch {
    show("retrying", texts.unreachable);
    setTimeout(() => poll(pairing), RETRY_MS);
    return;
  }
  const next = afterPoll(response.status);
  if (next === "paired") {
    const body = await response.json();
    saveIdentity(body.jwt, body.screenId);
    show("paired", texts.paired);
    location.replace(`/player/${encodeURIComponent(body.screenId)}`);
  } else if (next === "restart") {
    ask();
  } else {
    setTimeout(() => poll(pairing), next === "wait" ? POLL_MS : RETRY_MS);
  }
}

agentConfig(); // before anything navigates away, or the fragment is lost
const saved = savedIdentity();
if (saved.jwt && saved.screenId) {
  location.replace(`/player/${encodeURIComponent(saved.screenId)}`);
} else {
  address.textContent = serverAddress(location.href);
  startAlivePings(); // the launcher's watchdog: this page is alive too
  ask();
}
