// The player's REST calls: Bearer JWT, timeouts, and ETags so polling an unchanged answer
// costs a header. Retries are the callers' (they run on timers anyway).
import { tuning } from "../config.js";
import { savedIdentity } from "../identity.js";

export class AuthError extends Error {}

const cache = new Map(); // path -> { etag, body }

function headers(extra = {}) {
  return { Authorization: `Bearer ${savedIdentity().jwt}`, ...extra };
}

function deadline(signal) {
  const timeout = AbortSignal.timeout(tuning.apiTimeoutMs);
  return signal && AbortSignal.any ? AbortSignal.any([signal, timeout]) : timeout;
}

async function send(path, init, signal) {
  const response = await fetch(path, { ...init, cache: "no-store", signal: deadline(signal) });
  if (response.status === 401) throw new AuthError("This screen's token is no longer accepted.");
  return response;
}

// {body, fresh}: fresh is false when the server answered 304 (the body is the one known).
export async function getJSON(path, signal) {
  const known = cache.get(path);
  const response = await send(path, { headers: headers(known ? { "If-None-Match": known.etag } : {}) }, signal);
  if (response.status === 304 && known) return { body: known.body, fresh: false };
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const body = await response.json();
  const etag = response.headers.get("ETag");
  if (etag) cache.set(path, { etag, body });
  return { body, fresh: true };
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
