// The bulk bar's wording, apart from the DOM so it is tested with node --test. The page gives
// its translated sentences as data attributes: `none` and `one`, `many` with "%(num)s".
export function selectionText(ticked, texts) {
  if (ticked === 0) return texts.none || "";
  const template = ticked === 1 ? texts.one : texts.many;
  return (template || "").replace("%(num)s", String(ticked));
}
