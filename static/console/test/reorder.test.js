import assert from "node:assert/strict";
import { test } from "node:test";
import { fill, moveIndex, moveMessage } from "../src/reorder.js";

test("a row moves one place, never past either end", () => {
  assert.equal(moveIndex(1, 3, -1), 0);
  assert.equal(moveIndex(1, 3, 1), 2);
  assert.equal(moveIndex(0, 3, -1), null);
  assert.equal(moveIndex(2, 3, 1), null);
  assert.equal(moveIndex(0, 1, 1), null);
  assert.equal(moveIndex(-1, 3, 1), null); // not a row of this zone
});

test("the sentence is the catalogue's, its values filled in whatever order the language puts them", () => {
  assert.equal(fill("%(name)s : position %(position)s sur %(total)s.", { name: "Menu", position: 2, total: 3 }), "Menu : position 2 sur 3.");
  assert.equal(fill("%(missing)s!", {}), "!");
});

test("the live region says where the row went, or that it is already at the end", () => {
  const texts = { moved: "%(name)s moved to position %(position)s of %(total)s.", first: "%(name)s is already first.", last: "%(name)s is already last." };
  assert.equal(moveMessage(texts, "Alpha", 0, -1, 3), "Alpha moved to position 1 of 3.");
  assert.equal(moveMessage(texts, "Alpha", null, -1, 3), "Alpha is already first.");
  assert.equal(moveMessage(texts, "Charlie", null, 1, 3), "Charlie is already last.");
  assert.equal(moveMessage(texts, "Solo", null, 1, 1), "Solo is already last.");
});
