import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_ROWS, tableOf } from "../src/render/table.js";

test("served columns and rows are shown as they are", () => {
  const data = { columns: ["Train", "Time"], rows: [["TGV", "10:05"]] };
  assert.deepEqual(tableOf(data), { columns: ["Train", "Time"], rows: [["TGV", "10:05"]] });
});

test("an array of objects becomes columns in first-seen order", () => {
  assert.deepEqual(tableOf([{ a: 1 }, { b: 2, a: 3 }]), { columns: ["a", "b"], rows: [[1, undefined], [3, 2]] });
});

test("styleJson.columns picks and orders; unknown names are skipped", () => {
  const data = { columns: ["Train", "Time", "Platform"], rows: [["TGV", "10:05", "3"]] };
  assert.deepEqual(tableOf(data, ["Platform", "Nope", "Train"]), { columns: ["Platform", "Train"], rows: [["3", "TGV"]] });
  assert.deepEqual(tableOf(data, ["Nope"]).columns, ["Train", "Time", "Platform"]);
  assert.deepEqual(tableOf(data, "Train").columns, ["Train", "Time", "Platform"]); // not a list
});

test("anything else is not a table, and long tables are cut", () => {
  assert.equal(tableOf("text"), null);
  assert.equal(tableOf([1, 2]), null);
  const rows = Array.from({ length: MAX_ROWS + 5 }, (_, i) => [i]);
  assert.equal(tableOf({ columns: ["n"], rows }).rows.length, MAX_ROWS);
});
