// Builds the player (esbuild): the pages' bundles with code splitting (html2canvas becomes a
// lazy chunk), then the Service Worker, which is told the build's files and a hash of them so
// each build gets its own shell cache. Run by `npm run build:player`.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as esbuild from "esbuild";

const out = "static/dist/player";
const common = { bundle: true, minify: true, sourcemap: true, target: "chrome90", logLevel: "info" };

const pages = await esbuild.build({
  ...common,
  entryPoints: ["static/player/src/activate.js", "static/player/src/pair.js", "static/player/src/player.js"],
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  outdir: out,
  metafile: true,
});

const built = Object.keys(pages.metafile.outputs).filter((file) => !file.endsWith(".map"));
const shell = [...built, "static/player/player.css", "static/favicon.svg"];
const hash = createHash("sha256");
for (const file of shell) hash.update(file).update(readFileSync(file));

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
