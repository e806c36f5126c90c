// Builds the player (esbuild): the pages' bundles with code splitting (html2canvas becomes a
// lazy chunk), then the Service Worker, which is told the build's files and a hash of them so
// each build gets its own shell cache. Run by `npm run build:player`.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as esbuild from "esbuild";
import { playerMessages } from "./src/i18n/po.js";

const out = "static/dist/player";
const common = { bundle: true, minify: true, sourcemap: true, target: "chrome90", logLevel: "info" };

// `import catalogues from "player-catalogues"` (src/i18n/index.js): the "player" entries of the
// console's gettext catalogues, { fr: {msgid: msgstr}, en: {...} }, so the player's words have
// one source of truth and work offline (they are in the bundle).
const LOCALES = ["fr", "en"];
const catalogues = {
  name: "player-catalogues",
  setup(build) {
    build.onResolve({ filter: /^player-catalogues$/ }, () => ({ path: "player-catalogues", namespace: "catalogues" }));
    build.onLoad({ filter: /.*/, namespace: "catalogues" }, () => {
      const files = LOCALES.map((locale) => `signage/translations/${locale}/LC_MESSAGES/messages.po`);
      const messages = Object.fromEntries(LOCALES.map((locale, i) => [locale, playerMessages(readFileSync(files[i], "utf8"))]));
      return { contents: JSON.stringify(messages), loader: "json", watchFiles: files };
    });
  },
};

const pages = await esbuild.build({
  ...common,
  entryPoints: ["static/player/src/activate.js", "static/player/src/pair.js", "static/player/src/player.js"],
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  outdir: out,
  metafile: true,
  plugins: [catalogues],
});

const built = Object.keys(pages.metafile.outputs).filter((file) => !file.endsWith(".map"));
const shell = [...built, "static/player/player.css", "static/favicon.svg"];
const hash = createHash("sha256");
for (const file of shell) hash.update(file).update(readFileSync(file));

// The console's preview (an admin page, outside the Service Worker's scope and shell).
await esbuild.build({ ...common, entryPoints: ["static/player/src/preview.js"], format: "esm", outfile: `${out}/preview.js`, plugins: [catalogues] });

await esbuild.build({
  ...common,
  entryPoints: ["static/player/src/sw.js"],
  format: "iife",
  outfile: `${out}/sw.js`,
  define: {
    SHELL_VERSION: JSON.stringify(hash.digest("hex").slice(0, 16)),
    SHELL_FILES: JSON.stringify(shell.map((file) => `/${file}`)),
  },
});
