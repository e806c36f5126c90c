// player:screenshot: JPEG at 0.7, at most 1280 px wide. With the kiosk's agent, the screen as
// the compositor shows it (DevTools); without one, the page draws itself with html2canvas, which
// would stretch pictures (it ignores object-fit), paint videos at their first frame's size and
// iframes black. So every <img>, <video> and <iframe> is left out of html2canvas's copy of the
// page and a canvas takes its place in that copy, at the element's exact box: the picture drawn
// with its object-fit (telemetry/fit.js), the video's current frame, an iframe as a labelled
// placeholder. html2canvas is three quarters of the player's code and rarely used: a lazy chunk
// (the Service Worker keeps it for offline use).
//
// CSP: html2canvas copies the page into a hidden iframe (the same policy) and adds one fixed
// <style> there; the player's policy allows exactly that text by its hash
// (signage/web/player/pages.py, checked against the package by static/player/test/csp.test.js).

import { pgettext } from "../i18n/index.js";
import { agentScreenshot } from "../net/agent.js";
import { drawPlan, parsePosition } from "./fit.js";

const MAX_WIDTH = 1280;
const PICTURES = new Set(["IMG", "VIDEO", "IFRAME"]);
const HOST = "data-shot-host";
// No i18n module in the player yet: the spec's wording.
// In the site's language, like every on-screen word ("Contenu iframe" in French).
const iframeLabel = () => pgettext("player", "Iframe content");

// With the kiosk's agent, the screen as the compositor shows it (videos, iframes and all,
// through DevTools); without one, the page draws itself.
export async function capture() {
  const shot = await agentScreenshot();
  if (shot) {
    const image = new Image();
    image.src = shot;
    await image.decode();
    return { imageBase64: shot.slice(shot.indexOf(",") + 1), width: image.naturalWidth, height: image.naturalHeight };
  }
  return drawPage();
}

async function drawPage() {
  const { default: html2canvas } = await import("html2canvas");
  const width = window.innerWidth;
  const height = window.innerHeight;
  const scale = Math.min(1, MAX_WIDTH / width);
  const stand = standIns(scale);
  let canvas;
  try {
    canvas = await html2canvas(document.body, {
      backgroundColor: "#000000",
      scale,
      // The viewport, whatever the body's own size: a kiosk shows exactly that.
      x: 0,
      y: 0,
      width,
      height,
      windowWidth: width,
      windowHeight: height,
      scrollX: 0,
      scrollY: 0,
      logging: false,
      useCORS: false,
      foreignObjectRendering: false,
      ignoreElements: (el) => PICTURES.has(el.tagName),
      onclone: (copy) => placeStandIns(copy, stand),
    });
  } finally {
    for (const { host } of stand) host.removeAttribute(HOST);
  }
  const dataUrl = canvas.toDataURL("image/jpeg", 0.7);
  return { imageBase64: dataUrl.slice(dataUrl.indexOf(",") + 1), width: canvas.width, height: canvas.height };
}

// One canvas per visible picture, drawn now (the frame on screen at the command), with where it
// goes in the copy: its parent (marked, since html2canvas keeps attributes) and its rank among
// the parent's children.
function standIns(scale) {
  const found = [];
  let serial = 0;
  for (const el of document.querySelectorAll("img, video, iframe")) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const host = el.parentElement;
    if (!host || !box.width || !box.height || style.visibility !== "visible" || style.display === "none") continue;
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(box.width * scale));
    canvas.height = Math.max(1, Math.round(box.height * scale));
    paint(canvas.getContext("2d"), el, style, box, scale);
    const base = containingOffset(el);
    Object.assign(canvas.style, {
      position: "absolute",
      left: `${box.left - base.left}px`,
      top: `${box.top - base.top}px`,
      width: `${box.width}px`,
      height: `${box.height}px`,
      margin: "0",
      opacity: style.opacity,
    });
    const id = String(serial++);
    host.setAttribute(HOST, `${host.getAttribute(HOST) || ""} ${id}`.trim());
    const rank = [...host.children].filter((child) => child.tagName !== "SCRIPT").indexOf(el);
    found.push({ id, host, rank, canvas });
  }
  return found;
}

// Where an absolutely positioned box inside `el`'s parent measures from: the padding box of its
// containing block (the nearest positioned ancestor), or the page.
function containingOffset(el) {
  let block = el.parentElement;
  while (block && block !== document.body && getComputedStyle(block).position === "static") block = block.parentElement;
  if (!block || block === document.body) return { left: -window.scrollX, top: -window.scrollY };
  const rect = block.getBoundingClientRect();
  return { left: rect.left + block.clientLeft, top: rect.top + block.clientTop };
}

function placeStandIns(copy, stand) {
  // In document order, so a parent's ranks count the stand-ins already in place.
  for (const { id, rank, canvas } of stand) {
    const host = [...copy.querySelectorAll(`[${HOST}]`)].find((el) => el.getAttribute(HOST).split(" ").includes(id));
    if (!host) continue;
    const placed = copy.adoptNode(canvas);
    host.insertBefore(placed, host.children[rank] || null);
  }
}

function paint(context, el, style, box, scale) {
  if (el.tagName === "IFRAME") {
    placeholder(context, iframeLabel(), originOf(el.src));
    return;
  }
  const natural =
    el.tagName === "VIDEO"
      ? { width: el.videoWidth, height: el.videoHeight }
      : { width: el.naturalWidth, height: el.naturalHeight };
  const ready = el.tagName === "VIDEO" ? el.readyState >= 2 : el.complete;
  if (!ready || !natural.width || !natural.height) return; // nothing on screen there either
  if (!readable(el)) {
    // Another origin without CORS: drawing it would make the whole capture unreadable.
    placeholder(context, originOf(el.currentSrc || el.src) || "?", "");
    return;
  }
  const plan = drawPlan(style.objectFit, box, natural, parsePosition(style.objectPosition), scale);
  if (!plan) return;
  const { source: s, target: t } = plan;
  context.drawImage(el, s.x, s.y, s.width, s.height, t.x, t.y, t.width, t.height);
}

// Whether the picture can be read back once drawn (same origin, or served with CORS).
function readable(el) {
  const probe = document.createElement("canvas");
  probe.width = probe.height = 1;
  const context = probe.getContext("2d");
  try {
    context.drawImage(el, 0, 0, 1, 1);
    context.getImageData(0, 0, 1, 1);
    return true;
  } catch {
    return false;
  }
}

function originOf(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.host : "";
  } catch {
    return "";
  }
}

function placeholder(context, label, detail) {
  const { width, height } = context.canvas;
  context.fillStyle = "#1e293b";
  context.fillRect(0, 0, width, height);
  const line = Math.max(1, Math.round(Math.min(width, height) / 200));
  context.strokeStyle = "#64748b";
  context.lineWidth = line;
  context.setLineDash([line * 6, line * 4]);
  context.strokeRect(line / 2, line / 2, width - line, height - line);
  const size = Math.max(10, Math.round(Math.min(height / 10, width / 14)));
  context.fillStyle = "#cbd5e1";
  context.textAlign = "center";
  context.textBaseline = "middle";
  context.font = `600 ${size}px system-ui, sans-serif`;
  context.fillText(label, width / 2, detail ? height / 2 - size * 0.6 : height / 2, width * 0.9);
  if (detail) {
    context.font = `${Math.round(size * 0.6)}px system-ui, sans-serif`;
    context.fillStyle = "#94a3b8";
    context.fillText(detail, width / 2, height / 2 + size * 0.6, width * 0.9);
  }
}
