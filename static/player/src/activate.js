// /player/activate?token=...: trade the one-time token for the screen's JWT, keep it, go play.
import { saveIdentity } from "./identity.js";
import { agentConfig } from "./net/agent.js";

agentConfig(); // the launcher's #agent=… is kept before the page moves on

const RETRY_MS = 10_000;
const message = document.getElementById("message");
// The page's sentences, in the kiosk browser's language (the server renders them).
const texts = document.body.dataset;

function show(state, text) {
  document.body.dataset.state = state;
  message.textContent = text;
}

async function activate(token) {
  let response;
  try {
    response = await fetch("/api/player/activate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token }),
    });
  } catch {
    // The network is down (a kiosk booting before its Wi-Fi): try again, the token still works.
    show("retrying", texts.unreachable);
    setTimeout(() => activate(token), RETRY_MS);
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok) {
    saveIdentity(body.jwt, body.screenId);
    show("activated", texts.activated);
    location.replace(`/player/${encodeURIComponent(body.screenId)}`);
  } else if (response.status >= 500) {
    show("retrying", texts.failing);
    setTimeout(() => activate(token), RETRY_MS);
  } else {
    const reason = body.error && body.error.message ? body.error.message : `Error ${response.status}.`;
    show("failed", `${reason} ${texts.newLink}`);
  }
}

const token = new URLSearchParams(location.search).get("token");
if (token) {
  activate(token);
} else {
  show("failed", texts.noToken);
}
