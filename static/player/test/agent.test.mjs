// node --test static/player/test/agent.test.mjs
// The pure parts of net/agent.js; with AGENT_URL and AGENT_TOKEN set (tests/agent runs it so,
// against a real agent and launcher) also the calls over HTTP.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  adoptFragment,
  agentScreenshot,
  base64FromBytes,
  callAgent,
  parseAgentFragment,
  readStored,
  startAlivePings,
  validAgentUrl,
  validConfig,
} from "../src/net/agent.js";

const TOKEN = "abcdefghijklmnopqrstuvwxyz012345";

class Storage {
  constructor() {
    this.items = new Map();
  }
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  setItem(key, value) {
    this.items.set(key, String(value));
  }
}

function page(href) {
  const url = new URL(href);
  const replaced = [];
  return {
    location: { hash: url.hash, pathname: url.pathname, search: url.search },
    history: { state: { kept: true }, replaceState: (state, title, next) => replaced.push({ state, next }) },
    storage: new Storage(),
    replaced,
  };
}

test("only loopback http:// addresses are accepted", () => {
  assert.equal(validAgentUrl("http://127.0.0.1:3001"), "http://127.0.0.1:3001");
  assert.equal(validAgentUrl("http://127.0.0.1:3001/"), "http://127.0.0.1:3001");
  assert.equal(validAgentUrl("http://localhost:3001"), "http://localhost:3001");
  assert.equal(validAgentUrl("http://[::1]:3001"), "http://[::1]:3001");
  for (const bad of [
    "https://127.0.0.1:3001",
    "http://evil.example:3001",
    "http://127.0.0.1.evil.example",
    "http://user:pw@127.0.0.1:3001",
    "http://127.0.0.1:3001/reboot",
    "http://127.0.0.1:3001?x=1",
    "http://10.0.0.2:3001",
    "javascript:alert(1)",
    "",
    null,
  ]) {
    assert.equal(validAgentUrl(bad), null, String(bad));
  }
});

test("a config needs a loopback url and a well-formed token", () => {
  assert.deepEqual(validConfig({ url: "http://127.0.0.1:3001/", token: TOKEN }), { url: "http://127.0.0.1:3001", token: TOKEN });
  assert.equal(validConfig({ url: "http://127.0.0.1:3001", token: "short" }), null);
  assert.equal(validConfig({ url: "http://127.0.0.1:3001", token: `${TOKEN} x` }), null);
  assert.equal(validConfig({ url: "https://evil.example", token: TOKEN }), null);
  assert.equal(validConfig("http://127.0.0.1:3001"), null);
});

test("the fragment is parsed and what else it holds is kept", () => {
  const both = parseAgentFragment(`#agent=http://127.0.0.1:3001&agentToken=${TOKEN}`);
  assert.deepEqual(both, { found: true, config: { url: "http://127.0.0.1:3001", token: TOKEN }, rest: "" });
  const encoded = parseAgentFragment(`#agent=http%3A%2F%2F127.0.0.1%3A3001&agentToken=${TOKEN}&debug=1`);
  assert.equal(encoded.config.url, "http://127.0.0.1:3001");
  assert.equal(encoded.rest, "#debug=1");
  assert.deepEqual(parseAgentFragment("#zone=2"), { found: false, config: null, rest: "#zone=2" });
  assert.deepEqual(parseAgentFragment(""), { found: false, config: null, rest: "" });
  const hostile = parseAgentFragment(`#agent=https://evil.example&agentToken=${TOKEN}`);
  assert.equal(hostile.found, true);
  assert.equal(hostile.config, null);
});

test("adopting the fragment stores {url, token} and strips it from the address bar", () => {
  const env = page(`https://s.example/player?lang=fr#agent=http://127.0.0.1:3001&agentToken=${TOKEN}`);
  const config = adoptFragment(env);
  assert.deepEqual(config, { url: "http://127.0.0.1:3001", token: TOKEN });
  assert.deepEqual(JSON.parse(env.storage.getItem("signage.agent")), config);
  assert.deepEqual(env.replaced, [{ state: { kept: true }, next: "/player?lang=fr" }]);
});

test("a hostile fragment is stripped but never replaces the stored agent", () => {
  const env = page(`https://s.example/player#agent=http://evil.example:80&agentToken=${TOKEN}`);
  env.storage.setItem("signage.agent", JSON.stringify({ url: "http://127.0.0.1:3001", token: TOKEN }));
  assert.deepEqual(adoptFragment(env), { url: "http://127.0.0.1:3001", token: TOKEN });
  assert.equal(env.replaced[0].next, "/player");
});

test("without a fragment the stored config is read and the address bar left alone", () => {
  const env = page("https://s.example/player/12");
  assert.equal(adoptFragment(env), null);
  env.storage.setItem("signage.agent", "{broken");
  assert.equal(readStored(env.storage), null);
  assert.deepEqual(env.replaced, []);
});

test("base64 of large byte arrays", () => {
  const bytes = new Uint8Array(100_000).map((_, i) => i % 256);
  assert.equal(base64FromBytes(bytes), Buffer.from(bytes).toString("base64"));
});

test("without an agent: calls fail clearly, screenshot is null, pings do nothing", async () => {
  await assert.rejects(callAgent("reboot", { config: null }), /No local agent is configured/);
  await assert.rejects(callAgent("rm -rf", { config: { url: "http://127.0.0.1:3001", token: TOKEN } }), /Unknown agent action/);
  assert.equal(await agentScreenshot({ config: null }), null);
  const stop = startAlivePings(10, { config: null });
  stop();
});

test("an agent that is not running is reported as unreachable", async () => {
  // Port 9 (discard) is closed on a kiosk; nothing listens there in a test either.
  await assert.rejects(
    callAgent("reboot", { config: { url: "http://127.0.0.1:9", token: TOKEN } }),
    /not reachable/,
  );
});

const live = process.env.AGENT_URL && process.env.AGENT_TOKEN;
const liveConfig = live ? { url: process.env.AGENT_URL, token: process.env.AGENT_TOKEN } : null;

test("against the real agent: health, a refused token, screenshot error, alive pings", { skip: !live && "AGENT_URL not set" }, async () => {
  const health = await (await callAgent("health", { config: liveConfig })).json();
  assert.equal(health.status, "ok");
  await assert.rejects(
    callAgent("reboot", { config: { ...liveConfig, token: "x".repeat(32) } }),
    /refused reboot \(HTTP 401\): A valid 'Authorization: Bearer/,
  );
  // The stand-in browser has no DevTools port: a clear 503, not a hang.
  await assert.rejects(agentScreenshot({ config: liveConfig }), /refused screenshot \(HTTP 503\)/);
  const stop = startAlivePings(50, { config: liveConfig });
  await new Promise((resolve) => setTimeout(resolve, 300));
  stop();
  const after = await (await callAgent("health", { config: liveConfig })).json();
  assert.equal(after.launcher.watchdogArmed, true);
  assert.ok(after.launcher.secondsSinceAlive < 5);
});
