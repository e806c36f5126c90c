// Pure: an HTTP Range header against a body of `size` bytes. Videos seek and loop by Range
// requests; the Service Worker answers them from a whole cached file (Cache Storage refuses
// to store a 206, so the 206 is built here).

// {start, end} (inclusive), "unsatisfiable", or null (no usable single range: send it all).
export function parseRange(header, size) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(String(header || "").trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start;
  let end;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

// The response to `request` from a whole cached `response` (a Response with a body).
export async function ranged(request, response) {
  const header = request.headers.get("Range");
  if (!header) return response;
  const blob = await response.blob();
  const range = parseRange(header, blob.size);
  const type = response.headers.get("Content-Type") || "application/octet-stream";
  if (range === null) return new Response(blob, { status: 200, headers: { "Content-Type": type, "Content-Length": String(blob.size), "Accept-Ranges": "bytes" } });
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${blob.size}` } });
  }
  const part = blob.slice(range.start, range.end + 1);
  return new Response(part, {
    status: 206,
    headers: {
      "Content-Type": type,
      "Content-Length": String(part.size),
      "Content-Range": `bytes ${range.start}-${range.end}/${blob.size}`,
      "Accept-Ranges": "bytes",
    },
  });
}
