// The stage's context in the console's preview (static/player/src/preview.js): the same render
// code as a screen, but nothing leaves the page. A play is not a play of any screen, so nothing
// is recorded; errors stay in the page (counted, shown in its dataset) instead of being posted.
// Data sources and weather are read through the preview's own routes (`reads`, e.g.
// /admin/playlists/7/preview: /datasource/{id}, /weather?city=&units=), which answer what the
// player's routes answer, for the signed-in console user; the widgets poll them at a screen's
// cadence and fall back as on a screen when they fail. Without `reads`, they are refused.
// No DOM here: node --test checks it (static/player/test/preview-context.test.js).

export const PREVIEW_UNAVAILABLE = "not available in the preview";

// The body of a JSON answer, or a rejection (an error, or a sign-in page once the session ended:
// redirects are refused rather than followed). The browser's HTTP cache revalidates by ETag.
export function reader(fetchImpl = (...args) => globalThis.fetch(...args)) {
  return async (url) => {
    const response = await fetchImpl(url, { headers: { Accept: "application/json" }, redirect: "error" });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  };
}

export function previewContext({
  timezone,
  reads = null,
  read = reader(),
  onChange = () => {},
  onReport = () => {},
  onAllFailed = () => {},
} = {}) {
  const refuse = () => Promise.reject(new Error(PREVIEW_UNAVAILABLE));
  return {
    timezone,
    volume: () => 0, // a console tab stays quiet
    dataSource: reads ? (id) => read(`${reads}/datasource/${encodeURIComponent(id)}`) : refuse,
    weather: reads
      ? (city, units) => read(`${reads}/weather?city=${encodeURIComponent(city)}&units=${encodeURIComponent(units)}`)
      : refuse,
    report: (type, message, mediaId) => onReport({ type, message: String(message), mediaId: mediaId ?? null }),
    played: () => {}, // no proof of play from a preview
    changed: (spec) => onChange(spec),
    allFailed: (failed) => onAllFailed(Boolean(failed)),
  };
}
