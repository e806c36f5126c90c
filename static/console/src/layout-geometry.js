// The layout designer's geometry, in percent of the screen (what a template stores). Pure: no
// DOM, so node --test checks it (static/console/test/layout-geometry.test.js).

export const MIN_SIZE = 1; // % — a zone smaller than this cannot be grabbed any more
const EPSILON = 1e-6;

// Two decimals of a percent is a tenth of a pixel on a 4K screen: enough, and stable JSON.
export function round2(value) {
  return Math.round(value * 100) / 100;
}

export function pxToPercent(px, total) {
  return total > 0 ? (px / total) * 100 : 0;
}

// Inside the screen and at least MIN_SIZE wide and high, the size winning over the position.
export function clampRect(rect) {
  const width = Math.min(100, Math.max(MIN_SIZE, rect.width));
  const height = Math.min(100, Math.max(MIN_SIZE, rect.height));
  return {
    x: Math.min(100 - width, Math.max(0, rect.x)),
    y: Math.min(100 - height, Math.max(0, rect.y)),
    width,
    height,
  };
}

export function roundRect(rect) {
  const out = { x: round2(rect.x), y: round2(rect.y), width: round2(rect.width), height: round2(rect.height) };
  // Rounding both ends up must not push the far edge past the screen's.
  if (out.x + out.width > 100) out.width = round2(100 - out.x);
  if (out.y + out.height > 100) out.height = round2(100 - out.y);
  return out;
}

export function snapToGrid(value, grid) {
  return grid > 0 ? Math.round(value / grid) * grid : value;
}

// The lines a moving edge may stick to: the screen's edges and centre, other zones' edges.
export function guideLines(zones, exceptId) {
  const xs = new Set([0, 50, 100]);
  const ys = new Set([0, 50, 100]);
  for (const z of zones) {
    if (z.id === exceptId) continue;
    xs.add(z.x);
    xs.add(z.x + z.width);
    ys.add(z.y);
    ys.add(z.y + z.height);
  }
  return { xs: [...xs], ys: [...ys] };
}

function nearest(value, lines, threshold) {
  let best = null;
  for (const line of lines) {
    const distance = Math.abs(line - value);
    if (distance <= threshold && (best === null || distance < Math.abs(best - value))) best = line;
  }
  return best;
}

// One axis of a move: the start or the end edge sticks to the nearest line within the
// threshold (edges win over the grid); else the start snaps to the grid.
function snapSpan(start, size, lines, grid, threshold) {
  const atStart = nearest(start, lines, threshold);
  const atEnd = nearest(start + size, lines, threshold);
  const dStart = atStart === null ? Infinity : Math.abs(atStart - start);
  const dEnd = atEnd === null ? Infinity : Math.abs(atEnd - (start + size));
  if (dStart === Infinity && dEnd === Infinity) return { start: snapToGrid(start, grid), guide: null };
  if (dStart <= dEnd) return { start: atStart, guide: atStart };
  return { start: atEnd - size, guide: atEnd };
}

// A zone dragged to `rect` (unsnapped), snapped and kept on screen. `guides` are the lines it
// stuck to, for the canvas to draw.
export function snapMove(rect, zones, exceptId, { grid = 0, threshold = 0, snap = true } = {}) {
  if (!snap) return { rect: roundRect(clampRect(rect)), guides: { x: null, y: null } };
  const lines = guideLines(zones, exceptId);
  const x = snapSpan(rect.x, rect.width, lines.xs, grid, threshold);
  const y = snapSpan(rect.y, rect.height, lines.ys, grid, threshold);
  const moved = clampRect({ ...rect, x: x.start, y: y.start });
  return { rect: roundRect(moved), guides: { x: x.guide, y: y.guide } };
}

function snapEdge(value, lines, grid, threshold) {
  const line = nearest(value, lines, threshold);
  return line === null ? { value: snapToGrid(value, grid), guide: null } : { value: line, guide: line };
}

// A zone resized by the edges in `edges` ({left, right, top, bottom} booleans) to `rect`
// (unsnapped): only the moving edges snap, the others stay where they were.
export function snapResize(rect, edges, zones, exceptId, { grid = 0, threshold = 0, snap = true } = {}) {
  let left = rect.x;
  let right = rect.x + rect.width;
  let top = rect.y;
  let bottom = rect.y + rect.height;
  const guides = { x: null, y: null };
  if (snap) {
    const lines = guideLines(zones, exceptId);
    const pick = (value, axis, list) => {
      const snapped = snapEdge(value, list, grid, threshold);
      if (snapped.guide !== null) guides[axis] = snapped.guide;
      return snapped.value;
    };
    if (edges.left) left = pick(left, "x", lines.xs);
    if (edges.right) right = pick(right, "x", lines.xs);
    if (edges.top) top = pick(top, "y", lines.ys);
    if (edges.bottom) bottom = pick(bottom, "y", lines.ys);
  }
  left = Math.max(0, left);
  top = Math.max(0, top);
  right = Math.min(100, right);
  bottom = Math.min(100, bottom);
  // A moving edge stops MIN_SIZE short of the fixed one instead of flipping the zone over.
  if (right - left < MIN_SIZE) {
    if (edges.left) left = right - MIN_SIZE;
    else right = left + MIN_SIZE;
  }
  if (bottom - top < MIN_SIZE) {
    if (edges.top) top = bottom - MIN_SIZE;
    else bottom = top + MIN_SIZE;
  }
  const resized = clampRect({ x: left, y: top, width: right - left, height: bottom - top });
  return { rect: roundRect(resized), guides };
}

// Arrow keys: move by `step` percent, or with `resize` grow/shrink the right and bottom edges.
export function nudge(rect, dx, dy, { resize = false } = {}) {
  if (resize) return roundRect(clampRect({ ...rect, width: rect.width + dx, height: rect.height + dy }));
  return roundRect(clampRect({ ...rect, x: rect.x + dx, y: rect.y + dy }));
}

function overlapArea(a, b) {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > EPSILON && h > EPSILON ? w * h : 0;
}

// Pairs of zone ids that cover each other (touching edges do not count).
export function overlappingPairs(zones) {
  const pairs = [];
  for (let i = 0; i < zones.length; i += 1) {
    for (let j = i + 1; j < zones.length; j += 1) {
      if (overlapArea(zones[i], zones[j]) > 0) pairs.push([zones[i].id, zones[j].id]);
    }
  }
  return pairs;
}

// Ids of zones that reach past an edge of the screen (the server refuses them).
export function outOfScreen(zones) {
  return zones
    .filter((z) => z.x < -EPSILON || z.y < -EPSILON || z.x + z.width > 100 + EPSILON || z.y + z.height > 100 + EPSILON)
    .map((z) => z.id);
}

// A free id for a new zone of `type`: "clock", then "clock-2", ... (the server wants unique
// ids of letters, digits, - and _).
export function newZoneId(zones, type) {
  const base = String(type || "zone").toLowerCase().replace(/[^a-z0-9_-]/g, "") || "zone";
  const taken = new Set(zones.map((z) => z.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

// Stacking: "front", "back", "forward", "backward". Returns new zones whose zIndex values are
// 0..n-1 in stacking order (ties kept in list order), so each step is visible.
export function restack(zones, id, action) {
  const order = zones
    .map((z, index) => ({ z, index }))
    .sort((a, b) => (a.z.zIndex || 0) - (b.z.zIndex || 0) || a.index - b.index)
    .map((entry) => entry.z.id);
  const at = order.indexOf(id);
  if (at < 0) return zones;
  order.splice(at, 1);
  const to = { front: order.length, back: 0, forward: Math.min(order.length, at + 1), backward: Math.max(0, at - 1) }[action];
  order.splice(to ?? at, 0, id);
  return zones.map((z) => ({ ...z, zIndex: order.indexOf(z.id) }));
}

// Undo/redo over snapshots (JSON strings: cheap to compare and immune to later mutation).
export class History {
  constructor(initial, limit = 100) {
    this.states = [initial];
    this.at = 0;
    this.limit = limit;
  }

  get current() {
    return this.states[this.at];
  }

  push(state) {
    if (state === this.current) return false;
    this.states = this.states.slice(0, this.at + 1);
    this.states.push(state);
    if (this.states.length > this.limit) this.states.shift();
    this.at = this.states.length - 1;
    return true;
  }

  canUndo() {
    return this.at > 0;
  }

  canRedo() {
    return this.at < this.states.length - 1;
  }

  undo() {
    if (this.canUndo()) this.at -= 1;
    return this.current;
  }

  redo() {
    if (this.canRedo()) this.at += 1;
    return this.current;
  }
}

// Canvas presets: landscape and portrait Full HD and 4K; anything else is a custom size.
export const RESOLUTIONS = [
  { id: "1920x1080", width: 1920, height: 1080 },
  { id: "1080x1920", width: 1080, height: 1920 },
  { id: "3840x2160", width: 3840, height: 2160 },
  { id: "2160x3840", width: 2160, height: 3840 },
];

export function parseResolution(width, height) {
  const w = Number(width);
  const h = Number(height);
  const ok = (v) => Number.isInteger(v) && v >= 100 && v <= 16384;
  return ok(w) && ok(h) ? { width: w, height: h } : null;
}
