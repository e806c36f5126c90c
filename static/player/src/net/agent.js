// The kiosk's local agent (CONTRACT §11; agent/ in the repository). The launcher opens the player
// with the agent's address and token in the URL fragment, `#agent=http://127.0.0.1:3001&agentToken=…`:
// a fragment is never sent to the server. The first read moves them to localStorage
// "signage.agent" as {url, token} and strips them from the address bar (a screenshot of the URL
// or a copied link must not carry the token). Only a loopback http:// address is accepted: a
// link that pointed the player at another host would hand that host our commands and screenshots.

const KEY = "signage.agent";
const TIMEOUT_MS = 5000;
const ACTIONS = new Set(["health", "restart_browser", "reboot", "screenshot", "alive"]);
const TOKEN = /^[A-Za-z0-9._~-]{24,512}$/;
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export class AgentError extends Error {}

// "http://127.0.0.1:3001" from a loopback http:// URL without path, query or credentials; else null.
export function validAgentUrl(value) {
  let url;
  try {
    url = new URL(String(value));
  } catch {
    return null;
  }
  if (url.protocol !== "http:" || !LOOPBACK_HOSTS.has(url.hostname)) return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) return null;
  return url.origin;
}

export function validConfig(value) {
  if (!value || typeof value !== "object") return null;
  const url = validAgentUrl(value.url);
  const token = typeof value.token === "string" && TOKEN.test(value.token) ? value.token : null;
  return url && token ? { url, token } : null;
}

// {config, rest}: the agent settings found in a location.hash (or null) and the fragment left
// once they are removed ("" when nothing else was there). `found` says whether to rewrite it.
export function parseAgentFragment(hash) {
  const raw = String(hash || "").replace(/^#/, "");
  const params = new URLSearchParams(raw);
  if (!params.has("agent") && !params.has("agentToken")) return { found: false, config: null, rest: hash || "" };
  const config = validConfig({ url: params.get("agent"), token: params.get("agentToken") });
  params.delete("agent");
  params.delete("agentToken");
  const left = params.toString();
  return { found: true, config, rest: left ? `#${left}` : "" };
}

export function readStored(storage) {
  try {
    return validConfig(JSON.parse(storage.getItem(KEY) || "null"));
  } catch {
    return null;
  }
}

// Moves the fragment's settings into storage and out of the address bar. Returns the config.
export function adoptFragment({ location, history, storage }) {
  const { found, config, rest } = parseAgentFragment(location.hash);
  if (found) {
    try {
      if (config) storage.setItem(KEY, JSON.stringify(config));
    } catch {
      // storage full or refused: the agent stays unknown to this page, which still plays
    }
    history.replaceState(history.state, "", `${location.pathname}${location.search}${rest}`);
  }
  return readStored(storage);
}

let adopted = false;

// The agent's {url, token}, or null when this screen has none. Reads the URL fragment once.
export function agentConfig(env = globalThis) {
  if (!adopted && env.location && env.history) {
    adopted = true;
    return adoptFragment({ location: env.location, history: env.history, storage: env.localStorage });
  }
  return env.localStorage ? readStored(env.localStorage) : null;
}

async function failure(response, action) {
  let message = "";
  try {
    message = (await response.json())?.error?.message || "";
  } catch {
    // not JSON: the status says enough
  }
  return new AgentError(`The local agent refused ${action} (HTTP ${response.status})${message ? `: ${message}` : "."}`);
}

// POST /{action} with the bearer token; resolves to the Response, rejects with an AgentError
// whose message is fit for a command's FAILED reason.
export async function callAgent(action, { config = agentConfig(), fetchImpl = globalThis.fetch, timeoutMs = TIMEOUT_MS } = {}) {
  if (!ACTIONS.has(action)) throw new AgentError(`Unknown agent action: ${action}.`);
  if (!config) throw new AgentError("No local agent is configured on this screen.");
  let response;
  try {
    response = await fetchImpl(`${config.url}/${action}`, {
      method: action === "health" ? "GET" : "POST",
      headers: { Authorization: `Bearer ${config.token}` },
      signal: AbortSignal.timeout(timeoutMs),
      cache: "no-store",
    });
  } catch (error) {
    if (error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new AgentError(`The local agent did not answer ${action} within ${Math.round(timeoutMs / 1000)} s.`);
    }
    throw new AgentError(`The local agent at ${config.url} is not reachable (${error && error.message ? error.message : error}).`);
  }
  if (!response.ok) throw await failure(response, action);
  return response;
}

export function base64FromBytes(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// The screen as the compositor shows it (videos and iframes included), as a data: URL; null when
// this screen has no agent (the caller falls back to drawing the page itself).
export async function agentScreenshot(options = {}) {
  const config = "config" in options ? options.config : agentConfig();
  if (!config) return null;
  const response = await callAgent("screenshot", { timeoutMs: 15_000, ...options, config });
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
  if (type !== "image/jpeg") throw new AgentError(`The local agent sent ${type || "no type"} instead of a JPEG.`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return `data:image/jpeg;base64,${base64FromBytes(bytes)}`;
}

// Tells the agent (and so the launcher's watchdog) that this page is alive, now and every
// intervalMs. Returns a stop function. Without an agent it does nothing. Failures are silent
// (the agent may be restarting); one ping at a time.
export function startAlivePings(intervalMs = 30_000, options = {}) {
  const config = "config" in options ? options.config : agentConfig();
  if (!config) return () => {};
  let busy = false;
  const ping = async () => {
    if (busy) return;
    busy = true;
    try {
      await callAgent("alive", { ...options, config });
    } catch {
      // the watchdog decides what silence means
    } finally {
      busy = false;
    }
  };
  ping();
  const timer = setInterval(ping, intervalMs);
  return () => clearInterval(timer);
}
