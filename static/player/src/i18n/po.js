// Reads a gettext catalogue (.po) into the player's messages: the entries whose msgctxt is
// "player" (CONTEXT), as { msgid: msgstr }. The player ships these at build time
// (static/player/build.mjs), so the console's catalogues stay the only source of its words.
export const CONTEXT = "player";

// A .po string is a C-like literal, possibly split over several quoted lines.
function unquote(literal) {
  return literal.slice(1, -1).replace(/\\(["\\nt])/g, (_, c) => ({ n: "\n", t: "\t" })[c] || c);
}

// [{ context, id, string, fuzzy }] for each entry with a msgid; plural entries keep their
// first form (the player has none yet) and the header entry is left out.
export function parsePo(text) {
  const entries = [];
  let entry = null;
  let field = null;
  let fuzzy = false;
  const close = () => {
    if (entry && entry.id) entries.push(entry);
    entry = null;
    field = null;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") {
      close();
      fuzzy = false;
      continue;
    }
    if (line.startsWith("#")) {
      if (line.startsWith("#,") && line.includes("fuzzy")) fuzzy = true;
      if (line.startsWith("#~")) continue; // obsolete entries are not translations
      continue;
    }
    const match = /^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\])\s+(".*")$/.exec(line);
    if (match) {
      const [, keyword, literal] = match;
      if (keyword === "msgctxt" || (keyword === "msgid" && entry && field !== "context")) close();
      if (!entry) entry = { context: null, id: "", string: "", fuzzy };
      field = { msgctxt: "context", msgid: "id", msgstr: "string", "msgstr[0]": "string" }[keyword] || null;
      if (field) entry[field] = unquote(literal);
      continue;
    }
    if (line.startsWith('"') && entry && field) entry[field] += unquote(line);
  }
  close();
  return entries;
}

// { msgid: msgstr } of the player's entries that are translated and not fuzzy.
export function playerMessages(text) {
  const messages = {};
  for (const entry of parsePo(text)) {
    if (entry.context === CONTEXT && entry.string && !entry.fuzzy) messages[entry.id] = entry.string;
  }
  return messages;
}
