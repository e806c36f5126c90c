// FADE fades only the incoming layer over the opaque outgoing one (fading both dips the
// picture to 75 % at the midpoint); SLIDE moves transforms only (the compositor's work).
import { tuning } from "../config.js";

export async function transition(kind, incoming, outgoing) {
  const ms = tuning.transitionMs;
  if (!outgoing || kind === "NONE" || !incoming.animate) {
    return;
  }
  let animations = [];
  if (kind === "SLIDE") {
    animations = [
      incoming.animate([{ transform: "translateX(100%)" }, { transform: "translateX(0)" }], { duration: ms, easing: "ease-in-out" }),
      outgoing.animate([{ transform: "translateX(0)" }, { transform: "translateX(-100%)" }], { duration: ms, easing: "ease-in-out", fill: "forwards" }),
    ];
  } else {
    animations = [incoming.animate([{ opacity: 0 }, { opacity: 1 }], { duration: ms, easing: "ease-out" })];
  }
  try {
    await Promise.all(animations.map((a) => a.finished));
  } catch {
    // Cancelled (the zone was disposed mid-transition): nothing to finish.
  } finally {
    for (const animation of animations) animation.cancel();
  }
}
