import assert from "node:assert/strict";
import { test } from "node:test";
import { drawPlan, fitRect, parsePosition } from "../src/telemetry/fit.js";

const box = { x: 100, y: 50, width: 800, height: 400 }; // 2:1
const wide = { width: 1920, height: 1080 }; // 16:9
const tall = { width: 1080, height: 1920 };

test("contain keeps the aspect ratio, letterboxed in the middle", () => {
  assert.deepEqual(fitRect("contain", box, tall), { x: 100 + (800 - 225) / 2, y: 50, width: 225, height: 400 });
  const r = fitRect("contain", box, wide);
  assert.equal(r.height, 400);
  assert.ok(Math.abs(r.width - 711.111) < 0.001);
  assert.ok(Math.abs(r.x - (100 + (800 - 711.111) / 2)) < 0.001);
  // Same aspect as the box: exactly the box.
  assert.deepEqual(fitRect("contain", box, { width: 200, height: 100 }), box);
});

test("cover fills the box and overflows it evenly", () => {
  const r = fitRect("cover", box, wide);
  assert.equal(r.width, 800);
  assert.equal(r.height, 450);
  assert.equal(r.y, 50 - 25);
  assert.equal(r.x, 100);
});

test("fill stretches, none keeps the natural size, scale-down never enlarges", () => {
  assert.deepEqual(fitRect("fill", box, tall), box);
  assert.deepEqual(fitRect("none", box, { width: 100, height: 100 }), { x: 450, y: 200, width: 100, height: 100 });
  assert.deepEqual(fitRect("scale-down", box, { width: 100, height: 100 }), { x: 450, y: 200, width: 100, height: 100 });
  assert.deepEqual(fitRect("scale-down", box, { width: 1600, height: 800 }), box);
});

test("object-position moves the picture in the free space", () => {
  assert.equal(fitRect("contain", box, tall, { x: 0, y: 0 }).x, 100);
  assert.equal(fitRect("contain", box, tall, { x: 1, y: 1 }).x, 100 + 800 - 225);
  assert.equal(fitRect("contain", box, tall, { x: 10, y: 0, px: true }).x, 110);
});

test("nothing to place without sizes", () => {
  assert.equal(fitRect("contain", box, { width: 0, height: 0 }), null);
  assert.equal(fitRect("contain", { x: 0, y: 0, width: 0, height: 10 }, wide), null);
  assert.equal(drawPlan("contain", box, { width: 0, height: 10 }, { x: 0.5, y: 0.5 }), null);
});

test("computed object-position is read as fractions or pixels", () => {
  assert.deepEqual(parsePosition("50% 50%"), { x: 0.5, y: 0.5 });
  assert.deepEqual(parsePosition("0% 100%"), { x: 0, y: 1 });
  assert.deepEqual(parsePosition("left bottom"), { x: 0, y: 1 });
  assert.deepEqual(parsePosition("12px 3.5px"), { x: 12, y: 3.5, px: true });
  assert.deepEqual(parsePosition("calc(10% + 2px) 0%"), { x: 0.5, y: 0.5 });
  assert.deepEqual(parsePosition(""), { x: 0.5, y: 0.5 });
});

test("the draw plan crops what cover pushes out of the box, in source pixels", () => {
  const plan = drawPlan("cover", { width: 800, height: 400 }, wide, { x: 0.5, y: 0.5 }, 0.5);
  // 1920x1080 scaled by 800/1920: 800x450, 25 px cut top and bottom = 60 source px each.
  assert.deepEqual(plan.target, { x: 0, y: 0, width: 400, height: 200 });
  assert.equal(plan.source.x, 0);
  assert.equal(plan.source.width, 1920);
  assert.ok(Math.abs(plan.source.y - 60) < 1e-9);
  assert.ok(Math.abs(plan.source.height - 960) < 1e-9);
});

test("the draw plan of contain is the whole picture in its letterbox", () => {
  const plan = drawPlan("contain", { width: 800, height: 400 }, tall, { x: 0.5, y: 0.5 }, 2);
  assert.deepEqual(plan.source, { x: 0, y: 0, width: 1080, height: 1920 });
  assert.deepEqual(plan.target, { x: (800 - 225), y: 0, width: 450, height: 800 });
});
