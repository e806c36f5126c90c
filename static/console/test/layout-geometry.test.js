import assert from "node:assert/strict";
import { test } from "node:test";
import {
  History,
  clampRect,
  newZoneId,
  nudge,
  outOfScreen,
  overlappingPairs,
  parseResolution,
  pxToPercent,
  restack,
  roundRect,
  snapMove,
  snapResize,
} from "../src/layout-geometry.js";

const zone = (id, x, y, width, height, zIndex = 0) => ({ id, x, y, width, height, zIndex });

test("pixels become percent of the canvas", () => {
  assert.equal(pxToPercent(480, 960), 50);
  assert.equal(pxToPercent(10, 0), 0);
});

test("a rect is kept on screen, the size winning over the position", () => {
  assert.deepEqual(clampRect({ x: 90, y: -5, width: 20, height: 30 }), { x: 80, y: 0, width: 20, height: 30 });
  assert.deepEqual(clampRect({ x: 0, y: 0, width: 150, height: 0 }), { x: 0, y: 0, width: 100, height: 1 });
});

test("rounding never pushes the far edge past the screen", () => {
  const r = roundRect({ x: 66.666, y: 0, width: 33.334, height: 100 });
  assert.ok(r.x + r.width <= 100);
  assert.equal(r.x, 66.67);
});

test("a move snaps to the grid when no edge is near", () => {
  const { rect, guides } = snapMove(zone("a", 12.3, 7.4, 20, 20), [], "a", { grid: 5, threshold: 1 });
  assert.deepEqual(rect, { x: 10, y: 5, width: 20, height: 20 });
  assert.deepEqual(guides, { x: null, y: null });
});

test("a move sticks to another zone's edge before the grid", () => {
  const others = [zone("b", 0, 0, 33.33, 100)];
  const { rect, guides } = snapMove(zone("a", 33.9, 41, 20, 20), others, "a", { grid: 5, threshold: 1 });
  assert.equal(rect.x, 33.33);
  assert.equal(guides.x, 33.33);
  assert.equal(rect.y, 40); // the grid, nothing near vertically
});

test("the far edge sticks too (right edge on the screen's edge)", () => {
  const { rect } = snapMove(zone("a", 69.6, 0, 30, 10), [], "a", { grid: 0, threshold: 1 });
  assert.equal(rect.x, 70);
});

test("without snapping a move is only clamped and rounded", () => {
  const { rect } = snapMove(zone("a", 12.345, 95, 20, 20), [], "a", { snap: false });
  assert.deepEqual(rect, { x: 12.35, y: 80, width: 20, height: 20 });
});

test("a resize snaps only the moving edge", () => {
  const others = [zone("b", 60, 0, 40, 100)];
  const { rect } = snapResize(zone("a", 3, 3, 56.4, 50), { right: true }, others, "a", { grid: 5, threshold: 1 });
  assert.deepEqual(rect, { x: 3, y: 3, width: 57, height: 50 });
});

test("a resize never flips a zone over", () => {
  const { rect } = snapResize(zone("a", 50, 10, -20, 30), { right: true }, [], "a", { snap: false });
  assert.deepEqual(rect, { x: 50, y: 10, width: 1, height: 30 });
  const left = snapResize({ x: 90, y: 0, width: -5, height: 10 }, { left: true }, [], "a", { snap: false });
  assert.equal(left.rect.x + left.rect.width, 85);
});

test("nudging moves or resizes, inside the screen", () => {
  assert.deepEqual(nudge(zone("a", 98, 0, 10, 10), 1, 0), { x: 90, y: 0, width: 10, height: 10 });
  assert.deepEqual(nudge(zone("a", 10, 10, 10, 10), 5, -1, { resize: true }), { x: 10, y: 10, width: 15, height: 9 });
});

test("overlaps are pairs covering each other; touching edges are not", () => {
  const zones = [zone("a", 0, 0, 50, 100), zone("b", 50, 0, 50, 100), zone("c", 40, 40, 20, 20)];
  assert.deepEqual(overlappingPairs(zones), [["a", "c"], ["b", "c"]]);
});

test("zones past an edge are named", () => {
  assert.deepEqual(outOfScreen([zone("a", 0, 0, 100, 100), zone("b", 90, 0, 20, 10), zone("c", 0, -1, 5, 5)]), ["b", "c"]);
});

test("a new zone gets a free id", () => {
  assert.equal(newZoneId([], "CLOCK"), "clock");
  assert.equal(newZoneId([{ id: "clock" }, { id: "clock-2" }], "CLOCK"), "clock-3");
});

test("restacking renumbers zIndex in stacking order", () => {
  const zones = [zone("a", 0, 0, 1, 1, 5), zone("b", 0, 0, 1, 1, 0), zone("c", 0, 0, 1, 1, 0)];
  const byId = (list) => Object.fromEntries(list.map((z) => [z.id, z.zIndex]));
  assert.deepEqual(byId(restack(zones, "b", "front")), { a: 1, b: 2, c: 0 });
  assert.deepEqual(byId(restack(zones, "a", "back")), { a: 0, b: 1, c: 2 });
  assert.deepEqual(byId(restack(zones, "b", "forward")), { a: 2, b: 1, c: 0 });
  assert.deepEqual(byId(restack(zones, "c", "backward")), { a: 2, b: 1, c: 0 });
  assert.equal(restack(zones, "zz", "front"), zones);
});

test("history undoes and redoes, and a new change drops the redo branch", () => {
  const h = new History("0");
  assert.equal(h.push("0"), false);
  h.push("1");
  h.push("2");
  assert.equal(h.undo(), "1");
  assert.equal(h.redo(), "2");
  h.undo();
  h.push("3");
  assert.equal(h.canRedo(), false);
  assert.equal(h.undo(), "1");
  assert.equal(h.undo(), "0");
  assert.equal(h.canUndo(), false);
});

test("a custom resolution is whole pixels within bounds", () => {
  assert.deepEqual(parseResolution("1280", "720"), { width: 1280, height: 720 });
  assert.equal(parseResolution("12.5", "720"), null);
  assert.equal(parseResolution(50, 720), null);
});
