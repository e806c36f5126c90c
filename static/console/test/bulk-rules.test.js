import assert from "node:assert/strict";
import { test } from "node:test";

import { selectionText } from "../src/bulk-rules.js";

const texts = { none: "Nothing ticked", one: "%(num)s ticked", many: "%(num)s ticked (many)" };

test("no row ticked says so", () => {
  assert.equal(selectionText(0, texts), "Nothing ticked");
});

test("one and many use their own sentence with the count", () => {
  assert.equal(selectionText(1, texts), "1 ticked");
  assert.equal(selectionText(12, texts), "12 ticked (many)");
});

test("a page without the sentences shows nothing rather than a template", () => {
  assert.equal(selectionText(0, {}), "");
  assert.equal(selectionText(3, {}), "");
});
