// What the report charts draw, from the JSON of /api/admin/reports/* (pure: no DOM, no
// Chart.js), so it is tested with node --test.

/** Every day of [from, to] (ISO dates), so a day without data shows as a gap, not skipped. */
export function daysBetween(from, to) {
  const days = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length < 400; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Availability per day: one percentage per day of the period, null where nothing was counted. */
export function availabilitySeries(body, from, to) {
  const byDay = new Map((body.days || []).map((d) => [d.day, d.uptimePercent]));
  const labels = daysBetween(from, to);
  return { labels, values: labels.map((day) => (byDay.has(day) ? byDay.get(day) : null)) };
}

/** Plays per day: zero where none. */
export function playsSeries(body, from, to) {
  const byDay = new Map((body.days || []).map((d) => [d.day, d.plays]));
  const labels = daysBetween(from, to);
  return { labels, values: labels.map((day) => byDay.get(day) || 0) };
}

/** The most played media, longest bar first, with a name for deleted ones. */
export function topMediaSeries(body, deletedName) {
  const rows = (body.topMedia || []).slice(0, 10);
  return { labels: rows.map((m) => m.mediaName || deletedName), values: rows.map((m) => m.plays) };
}
