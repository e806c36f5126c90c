// The media library: uploads with a progress bar per file, and statuses that change live as
// the server processes the files (admin:media_status over Socket.IO).
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
        showStatus(media.id, media.encodingStatus);
      } else {
        row.dataset.state = "failed";
        note.className = "text-xs text-red-700";
        note.textContent = errorMessage(xhr);
      }
      resolve(xhr.status === 201);
    });
    xhr.addEventListener("error", () => {
      row.dataset.state = "failed";
      note.className = "text-xs text-red-700";
      note.textContent = text("interrupted", "The upload was interrupted (network).");
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
  if (uploaded) {
    const refresh = document.createElement("a");
    refresh.href = location.pathname;
    refresh.className = "text-sm text-blue-700 underline";
    refresh.textContent = text("refresh", "Show the new files in the library");
    list.append(refresh);
  }
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
socket.on("admin:media_status", (event) => showStatus(event.mediaId, event.encodingStatus));
