import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parsePo, playerMessages } from "../src/i18n/po.js";
import { createTranslator, normalizeLocale } from "../src/i18n/translator.js";

const PO = `# header
msgid ""
msgstr ""
"Language: fr\\n"

msgid "Screens"
msgstr "Écrans"

msgctxt "player"
msgid "Content unavailable"
msgstr "Contenu indisponible"

#, fuzzy
msgctxt "player"
msgid "Guessed"
msgstr "Deviné"

msgctxt "player"
msgid ""
"A long sentence "
"on two lines."
msgstr ""
"Une longue phrase "
"sur deux \\"lignes\\"."

msgctxt "player"
msgid "Not yet"
msgstr ""

#~ msgctxt "player"
#~ msgid "Gone"
#~ msgstr "Parti"
`;

test("a .po reads into entries, the header left out", () => {
  const entries = parsePo(PO);
  assert.deepEqual(
    entries.map((e) => [e.context, e.id]),
    [[null, "Screens"], ["player", "Content unavailable"], ["player", "Guessed"], ["player", "A long sentence on two lines."], ["player", "Not yet"]],
  );
  assert.equal(entries[2].fuzzy, true);
  assert.equal(entries[1].fuzzy, false);
});

test("the player keeps its own translated entries: not the console's, not fuzzy, not empty, not obsolete", () => {
  assert.deepEqual(playerMessages(PO), {
    "Content unavailable": "Contenu indisponible",
    "A long sentence on two lines.": 'Une longue phrase sur deux "lignes".',
  });
});

test("fr* is French, anything else English", () => {
  for (const tag of ["fr", "fr-FR", "FR-ca", " fr "]) assert.equal(normalizeLocale(tag), "fr");
  for (const tag of ["en", "en-GB", "de", "", null, undefined]) assert.equal(normalizeLocale(tag), "en");
});

test("a translator answers in its language, falls back to the English, and says when it changes", () => {
  const t = createTranslator({ fr: { Hello: "Bonjour" }, en: { Hello: "Hello" } }, "fr-FR");
  assert.equal(t.pgettext("player", "Hello"), "Bonjour");
  assert.equal(t.pgettext("player", "Unknown text"), "Unknown text");
  assert.equal(t.setLocale("fr"), false);
  assert.equal(t.setLocale("en-US"), true);
  assert.equal(t.locale, "en");
  assert.equal(t.pgettext("player", "Hello"), "Hello");
});

// The same check as tests/unit/test_catalogues.py, from the player's side: every text the
// player's code marks is in the catalogues the build bundles.
test("every text the player marks is translated in both catalogues", () => {
  const root = new URL("../../../", import.meta.url).pathname;
  const marked = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".js")) {
        for (const m of readFileSync(path, "utf8").matchAll(/pgettext\(\s*"player",\s*"((?:[^"\\]|\\.)*)"\)/g)) marked.add(m[1]);
      }
    }
  };
  walk(join(root, "static/player/src"));
  assert.ok(marked.has("Content unavailable"));
  const fr = playerMessages(readFileSync(join(root, "signage/translations/fr/LC_MESSAGES/messages.po"), "utf8"));
  const en = playerMessages(readFileSync(join(root, "signage/translations/en/LC_MESSAGES/messages.po"), "utf8"));
  for (const text of marked) {
    assert.ok(fr[text], `fr lacks ${text}`);
    assert.ok(en[text], `en lacks ${text}`);
  }
  assert.equal(fr["Content unavailable"], "Contenu indisponible");
});
