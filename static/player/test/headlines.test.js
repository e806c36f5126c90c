import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_HEADLINES, headlinesOf } from "../src/render/headlines.js";

test("without a mapping a feed's item titles scroll, as before", () => {
  const feed = { items: [{ title: "One", link: null }, { title: "" }, { title: "Two" }] };
  assert.deepEqual(headlinesOf(feed, null).map((h) => h.title), ["One", "Two"]);
  assert.deepEqual(headlinesOf([{ title: "not a feed" }], null), []);
});

test("a JSON array's records through the mapping", () => {
  const data = [
    { name: "Lunch", body: " Pasta  today ", photo: "https://x.test/p.jpg" },
    { name: "Gym", body: 42, photo: "javascript:alert(1)" },
    { name: { nested: true }, body: null },
  ];
  assert.deepEqual(headlinesOf(data, { title: "name", text: "body", image: "photo" }), [
    { title: "Lunch", text: "Pasta today", image: "https://x.test/p.jpg" },
    { title: "Gym", text: "42", image: null },
  ]);
});

test("a CSV table's rows by column, and a single JSON object", () => {
  const table = { columns: ["Train", "Time"], rows: [["TGV", "10:05"], ["TER"]] };
  assert.deepEqual(headlinesOf(table, { title: "Train", text: "Time" }).map((h) => [h.title, h.text]), [
    ["TGV", "10:05"],
    ["TER", ""],
  ]);
  assert.deepEqual(headlinesOf({ headline: "Alone" }, { title: "headline" }).map((h) => h.title), ["Alone"]);
});

test("an image alone maps nothing to scroll; at most MAX_HEADLINES", () => {
  assert.deepEqual(headlinesOf({ items: [{ title: "Feed" }] }, { image: "pic" }).map((h) => h.title), ["Feed"]);
  const many = Array.from({ length: 80 }, (_, i) => ({ t: `n${i}` }));
  assert.equal(headlinesOf(many, { title: "t" }).length, MAX_HEADLINES);
});
