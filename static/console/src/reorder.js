// The pure part of keyboard reordering (the playlist editor): where a row goes, and the
// sentence that says so. No DOM here, so node --test covers it.

// The new index of the row at `index` among `count` moved by `step` (-1 up, +1 down), or null
// when it is already at that end.
export function moveIndex(index, count, step) {
  const to = index + step;
  return index < 0 || to < 0 || to >= count ? null : to;
}

// A catalogue sentence with its %(name)s values (the page gives the sentences translated).
export function fill(template, values) {
  return String(template || "").replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

// What the live region says after a move (or an attempt past an end).
export function moveMessage(texts, name, to, step, count) {
  if (to === null) return fill(step < 0 ? texts.first : texts.last, { name });
  return fill(texts.moved, { name, position: to + 1, total: count });
}
