// What the screen page's heartbeat charts draw (pure: no DOM, no Chart.js), so it is tested
// with node --test. The page gives each series as [[epoch ms, value or null], ...] in time order.

/**
 * Chart.js points {x, y}: a missing value, or a silence longer than `breakAfterMs`, puts a
 * null point between two beats, so a silence is a gap in the line, not a slope.
 */
export function linePoints(series, breakAfterMs) {
  const points = [];
  let previous = null;
  for (const [at, value] of series || []) {
    if (previous !== null && breakAfterMs > 0 && at - previous > breakAfterMs) {
      points.push({ x: previous + breakAfterMs, y: null });
    }
    points.push({ x: at, y: value === null || value === undefined ? null : value });
    previous = at;
  }
  return points;
}

/** How many points carry a value: what the chart draws (and the page tells its tests). */
export function drawnCount(points) {
  return points.filter((point) => point.y !== null).length;
}

/** A tick's label: the time of day on the page's clock (its zone and language). */
export function clockLabel(ms, zone, language) {
  try {
    return new Intl.DateTimeFormat(language || undefined, { timeZone: zone || "UTC", hour: "2-digit", minute: "2-digit" }).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString().slice(11, 16);
  }
}

/** Ticks every `stepHours` on the full hour within [start, end], so labels read as round times. */
export function hourTicks(start, end, stepHours) {
  const step = stepHours * 3_600_000;
  const ticks = [];
  for (let t = Math.ceil(start / step) * step; t <= end && ticks.length < 48; t += step) ticks.push(t);
  return ticks;
}
