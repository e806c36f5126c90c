// The stage's context in the console's preview (static/player/src/preview.js): the same render
// code as a screen, but nothing leaves the page. A play is not a play of any screen, so nothing
// is recorded; errors stay in the page (counted, shown in its dataset) instead of being posted;
// data sources and weather need a screen's token, so their widgets show their own fallback.
// No DOM here: node --test checks it (static/player/test/preview-context.test.js).

export const PREVIEW_UNAVAILABLE = "not available in the preview";

export function previewContext({ timezone, onChange = () => {}, onReport = () => {}, onAllFailed = () => {} } = {}) {
  const refuse = () => Promise.reject(new Error(PREVIEW_UNAVAILABLE));
  return {
    timezone,
    volume: () => 0, // a console tab stays quiet
    dataSource: refuse,
    weather: refuse,
    report: (type, message, mediaId) => onReport({ type, message: String(message), mediaId: mediaId ?? null }),
    played: () => {}, // no proof of play from a preview
    changed: (spec) => onChange(spec),
    allFailed: (failed) => onAllFailed(Boolean(failed)),
  };
}

