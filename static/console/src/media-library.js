// The media library: uploads with a progress bar per file, each new file added to the grid at
// once, and statuses (and thumbnails) that change live as the server processes the files
// (admin:media_status over Socket.IO).
import { io } from "socket.io-client";

const panel = document.querySelector("[data-upload-url]");
const STATUS_CLASSES = {
  DONE: ["bg-emerald-100", "text-emerald-800"],
  ERROR: ["bg-red-100", "text-red-800"],
  PENDING: ["bg-amber-100", "text-amber-800"],
  PROCESSING: ["bg-amber-100", "text-amber-800"],
};
const ALL_STATUS_CLASSES = [...new Set(Object.values(STATUS_CLASSES).flat())];

function showStatus(mediaId, status) {
  for (const badge of document.querySelectorAll(`[data-media-status="${CSS.escape(String(mediaId))}"]`)) {
    badge.textContent = text(status, status);
    badge.classList.remove(...ALL_STATUS_CLASSES);
    badge.classList.add(...(STATUS_CLASSES[status] || STATUS_CLASSES.PENDING));
  }
}

// The page's texts in its language (the server renders them; English when absent).
const TEXTS = JSON.parse(document.querySelector("[data-texts]")?.dataset.texts || "{}");
const text = (key, fallback) => TEXTS[key] || fallback;

const grid = document.querySelector("[data-testid=media-grid]");

function detailUrl(mediaId) {
  // The page gives the URL of media 0; ids are digits, so the last segment is replaced whole.
  return panel.dataset.detailUrl.replace(/\/0$/, `/${encodeURIComponent(mediaId)}`);
}

function thumbnailBox(media) {
  if (media.thumbnailUrl) {
    const img = document.createElement("img");
    img.src = media.thumbnailUrl;
    img.alt = text("thumbnailOf", "Thumbnail of %(name)s").replace("%(name)s", media.name);
    img.className = "aspect-video w-full bg-slate-100 object-cover";
    return img;
  }
  const box = document.createElement("div");
  box.className = "flex aspect-video w-full items-center justify-center bg-slate-800 text-sm font-semibold text-slate-300";
  box.textContent = (TEXTS.types || {})[media.type] || media.type;
  return box;
}

// A card like the server's, first in the grid: the upload shows in the library without a reload.
function addCard(media) {
  if (!grid) return;
  grid.querySelector("[data-empty-library]")?.remove();
  const card = document.createElement("li");
  card.className = "relative overflow-hidden rounded-lg bg-white shadow-sm";
  card.dataset.testid = "media-card";
  card.dataset.mediaCard = media.id;
  const link = document.createElement("a");
  link.href = detailUrl(media.id);
  link.className = "block";
  link.dataset.thumbnailLink = "";
  link.append(thumbnailBox(media));
  const body = document.createElement("div");
  body.className = "p-3";
  const name = document.createElement("a");
  name.href = detailUrl(media.id);
  name.className = "block truncate font-medium text-blue-700 underline";
  name.dataset.testid = "media-name";
  name.textContent = media.name;
  const meta = document.createElement("div");
  meta.className = "mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500";
  const kind = document.createElement("span");
  kind.textContent = (TEXTS.types || {})[media.type] || media.type;
  const badge = document.createElement("span");
  badge.className = "rounded px-2 py-0.5 text-xs font-semibold";
  badge.dataset.mediaStatus = media.id;
  meta.append(kind, badge);
  body.append(name, meta);
  card.append(link, body);
  grid.prepend(card);
}

// Once processed, a new card gets its thumbnail from the API.
async function refreshThumbnail(mediaId) {
  const link = grid?.querySelector(`[data-media-card="${CSS.escape(String(mediaId))}"] [data-thumbnail-link]`);
  if (!link) return;
  const response = await fetch(`${panel.dataset.mediaUrl}/${encodeURIComponent(mediaId)}`, { credentials: "same-origin" });
  if (!response.ok) return;
  const media = await response.json();
  if (media.thumbnailUrl) link.replaceChildren(thumbnailBox(media));
}

function markFailed(row, bar, note, message) {
  row.dataset.state = "failed";
  row.classList.add("rounded", "border-l-4", "border-red-600", "pl-2");
  // A failed upload must not look complete: the bar goes, the reason stays.
  bar.remove();
  note.className = "text-xs text-red-700";
  note.textContent = `${text("failed", "Failed")} · ${message}`;
}

function errorMessage(xhr) {
  try {
    const body = JSON.parse(xhr.responseText);
    const fields = body.error && body.error.fields ? Object.values(body.error.fields).join(" ") : "";
    return `${body.error.message} ${fields}`.trim();
  } catch {
    return text("answered", "The server answered %(status)s.").replace("%(status)s", String(xhr.status));
  }
}

function upload(file, list, tags) {
  const row = document.createElement("li");
  row.dataset.testid = "upload-row";
  const name = document.createElement("div");
  name.className = "truncate font-medium";
  name.textContent = file.name; // text, never HTML
  const bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  bar.className = "mt-1 w-full";
  const note = document.createElement("div");
  note.className = "text-xs text-slate-500";
  note.textContent = text("uploading", "Uploading…");
  row.append(name, bar, note);
  list.append(row);

  return new Promise((resolve) => {
    const form = new FormData();
    form.append("file", file);
    if (tags) form.append("tags", tags);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", panel.dataset.uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", panel.dataset.csrf);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status === 201) {
        const media = JSON.parse(xhr.responseText);
        bar.value = 100;
        row.dataset.state = "done";
        note.textContent = text("uploaded", "Uploaded · ");
        const badge = document.createElement("span");
        badge.className = "rounded px-2 py-0.5 font-semibold";
        badge.dataset.mediaStatus = media.id;
        note.append(badge);
        addCard(media);
        showStatus(media.id, media.encodingStatus);
      } else {
        markFailed(row, bar, note, errorMessage(xhr));
      }
      resolve(xhr.status === 201);
    });
    xhr.addEventListener("error", () => {
      markFailed(row, bar, note, text("interrupted", "The upload was interrupted (network)."));
      resolve(false);
    });
    xhr.send(form);
  });
}

async function uploadAll(files) {
  const list = panel.querySelector("[data-upload-list]");
  const tags = panel.querySelector("[data-upload-tags]").value.trim();
  // One at a time: a kiosk fleet's server is small, and the bars stay readable.
  let uploaded = 0;
  for (const file of files) {
    if (await upload(file, list, tags)) uploaded += 1;
  }
  panel.dataset.uploaded = String(uploaded);
}

if (panel) {
  const input = panel.querySelector("[data-file-input]");
  const zone = panel.querySelector("[data-drop-zone]");
  input.addEventListener("change", () => {
    uploadAll([...input.files]);
    input.value = "";
  });
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("border-slate-600", "bg-slate-50");
    });
  }
  for (const type of ["dragleave", "drop"]) {
    zone.addEventListener(type, () => zone.classList.remove("border-slate-600", "bg-slate-50"));
  }
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    uploadAll([...event.dataTransfer.files]);
  });
}

const socket = io({ transports: ["websocket", "polling"] });
socket.on("admin:media_status", (event) => {
  showStatus(event.mediaId, event.encodingStatus);
  if (panel && event.encodingStatus === "DONE") refreshThumbnail(event.mediaId);
});
