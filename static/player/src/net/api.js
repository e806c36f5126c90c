// The player's REST calls: Bearer JWT, timeouts, and ETags so polling an unchanged answer
// costs a header. Retries are the callers' (they run on timers anyway).
import { tuning } from "../config.js";
import { savedIdentity } from "../identity.js";

export class AuthError extends Error {}

const cache = new Map(); // path -> { etag, body }

function headers(extra = {}) {
  return { Authorization: `Bearer ${savedIdentity().jwt}`, ...extra };
}

async function send(path, init) {
  const response = await fetch(path, { ...init, signal: AbortSignal.timeout(tuning.apiTimeoutMs) });
  if (response.status === 401) throw new AuthError("This screen's token is no longer accepted.");
  return response;
}

export async function getJSON(path) {
  const known = cache.get(path);
  const response = await send(path, { headers: headers(known ? { "If-None-Match": known.etag } : {}) });
  if (response.status === 304 && known) return known.body;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const body = await response.json();
  const etag = response.headers.get("ETag");
  if (etag) cache.set(path, { etag, body });
  return body;
}

export async function postJSON(path, payload) {
  const response = await send(path, {
    method: "POST",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify(payload),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.status === 204 ? null : response.json();
}
