// The player's words in its site's language (CONTRACT §14: French for fr*, English otherwise).
// Pure: given the catalogues { fr: {msgid: msgstr}, en: {...} } it answers lookups; the wiring
// to the bundled catalogues and to the page is in index.js.
export const LOCALES = ["fr", "en"];

export function normalizeLocale(tag) {
  return String(tag || "").trim().toLowerCase().startsWith("fr") ? "fr" : "en";
}

export function createTranslator(catalogues, initial) {
  let locale = normalizeLocale(initial);
  return {
    get locale() {
      return locale;
    },
    // True when the language changed.
    setLocale(tag) {
      const next = normalizeLocale(tag);
      if (next === locale) return false;
      locale = next;
      return true;
    },
    // The English msgid is the fallback: a missing entry shows English, never a key.
    pgettext(context, msgid) {
      return (catalogues[locale] || {})[msgid] || msgid;
    },
  };
}
