// player:screenshot: html2canvas redraws the DOM; it cannot see video frames, so each visible
// video is painted onto the capture by hand. JPEG at 0.7, at most 1280 px wide. html2canvas
// is three quarters of the player's code and rarely used: a lazy chunk (the Service Worker
// keeps it for offline use).

import { agentScreenshot } from "../net/agent.js";

const MAX_WIDTH = 1280;

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
  const scale = Math.min(1, MAX_WIDTH / window.innerWidth);
  const canvas = await html2canvas(document.body, {
    backgroundColor: "#000000",
    scale,
    logging: false,
    useCORS: true,
    ignoreElements: (el) => el.tagName === "VIDEO" || el.tagName === "IFRAME",
  });
  const context = canvas.getContext("2d");
  for (const video of document.querySelectorAll("video")) {
    const box = video.getBoundingClientRect();
    if (!box.width || !box.height || video.readyState < 2) continue;
    try {
      context.drawImage(video, box.left * scale, box.top * scale, box.width * scale, box.height * scale);
    } catch {
      // A cross-origin video without CORS cannot be painted: its area stays as drawn.
    }
  }
  const dataUrl = canvas.toDataURL("image/jpeg", 0.7);
  return { imageBase64: dataUrl.slice(dataUrl.indexOf(",") + 1), width: canvas.width, height: canvas.height };
}
