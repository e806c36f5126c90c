// Pure: when a new version of the playlist on screen may take over. PLAYER.md: versions switch
// atomically, once every file the new version shows is stored; until then the old version
// keeps playing (it is whole), so a screen never shows a half-downloaded playlist. The wait
// is bounded: a file that never arrives (deleted, or the server gone) must not hold the old
// version for ever; and with nothing on screen there is nothing to keep.
import { filesOf } from "./planner.js";

// The files of `playlist` not stored yet and still to be had: one the server said is not
// there (isGone) is a broken item, which playback skips; waiting for it would be for nothing.
export function missingFiles(playlist, isStored, isGone = () => false) {
  return filesOf(playlist).filter((file) => !isStored(file.url) && !isGone(file.url));
}

// "switch" or "wait".
export function switchDecision({ missing, waitedMs, maxWaitMs, hasCurrent }) {
  if (!missing.length || !hasCurrent) return "switch";
  return waitedMs >= maxWaitMs ? "switch" : "wait";
}
