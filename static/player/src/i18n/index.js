// The player's on-screen words, in its site's language (the schedule's `locale`). The
// catalogues are the console's gettext ones (signage/translations), their "player" entries
// bundled at build time by static/player/build.mjs; mark a text with
// pgettext("player", <the English as a literal>) so pybabel extracts it (babel.cfg) for the translators.
import catalogues from "player-catalogues";
import { createTranslator } from "./translator.js";

// Until a schedule names the site's language, the kiosk browser's (the page's <html lang>).
const translator = createTranslator(catalogues, document.documentElement.lang || navigator.language);
const listeners = new Set();

export function pgettext(context, msgid) {
  return translator.pgettext(context, msgid);
}

export function currentLocale() {
  return translator.locale;
}

// Texts already on screen that must follow a change register here.
export function onLocaleChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setLocale(tag) {
  if (!tag || !translator.setLocale(tag)) return;
  document.documentElement.lang = translator.locale;
  for (const listener of listeners) listener(translator.locale);
}
