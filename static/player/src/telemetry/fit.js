// Where a replaced element (an <img> or a <video>) paints its picture inside its box, as CSS
// object-fit and object-position say. The screenshot fallback draws pictures itself (html2canvas
// ignores object-fit and stretches them), so this is the geometry it draws with. Pure: no DOM.

// {x, y, width, height}: the picture's rectangle for an object of natural size `natural`
// ({width, height}) in `box`. `position` is object-position as fractions of the free space
// ({x: 0.5, y: 0.5} is centred), or pixels when `position.px` is set. The rectangle can overflow
// the box (cover, none): the caller clips to the box.
export function fitRect(fit, box, natural, position = { x: 0.5, y: 0.5 }) {
  const nw = natural.width;
  const nh = natural.height;
  if (!(nw > 0 && nh > 0 && box.width > 0 && box.height > 0)) return null;
  let width;
  let height;
  const contain = Math.min(box.width / nw, box.height / nh);
  switch (fit) {
    case "fill":
      width = box.width;
      height = box.height;
      break;
    case "cover": {
      const scale = Math.max(box.width / nw, box.height / nh);
      width = nw * scale;
      height = nh * scale;
      break;
    }
    case "none":
      width = nw;
      height = nh;
      break;
    case "scale-down": {
      const scale = Math.min(1, contain);
      width = nw * scale;
      height = nh * scale;
      break;
    }
    default: // "contain", the player's own
      width = nw * contain;
      height = nh * contain;
  }
  const freeX = box.width - width;
  const freeY = box.height - height;
  const x = position.px ? position.x : freeX * position.x;
  const y = position.px ? position.y : freeY * position.y;
  return { x: box.x + x, y: box.y + y, width, height };
}

// CSS object-position as computed ("50% 50%", "0px 100%", "left top") → {x, y} fractions, or
// pixels with px: true when both are lengths. Anything else centres (the CSS initial value).
export function parsePosition(value) {
  const words = { left: "0%", top: "0%", center: "50%", right: "100%", bottom: "100%" };
  const parts = String(value || "")
    .trim()
    .split(/\s+/)
    .map((part) => words[part] || part);
  if (parts.length !== 2) return { x: 0.5, y: 0.5 };
  const percent = parts.map((part) => /^-?\d+(\.\d+)?%$/.test(part));
  const pixels = parts.map((part) => /^-?\d+(\.\d+)?px$/.test(part));
  if (percent[0] && percent[1]) return { x: parseFloat(parts[0]) / 100, y: parseFloat(parts[1]) / 100 };
  if (pixels[0] && pixels[1]) return { x: parseFloat(parts[0]), y: parseFloat(parts[1]), px: true };
  return { x: 0.5, y: 0.5 };
}

// The picture's rectangle drawn into a canvas of the box's size scaled by `scale`: the source
// rectangle (in the picture's own pixels) and the destination rectangle (in canvas pixels) of the
// part that shows through the box, for drawImage's nine-argument form. Null when nothing shows.
export function drawPlan(fit, box, natural, position, scale = 1) {
  const placed = fitRect(fit, { x: 0, y: 0, width: box.width, height: box.height }, natural, position);
  if (!placed) return null;
  const left = Math.max(0, placed.x);
  const top = Math.max(0, placed.y);
  const right = Math.min(box.width, placed.x + placed.width);
  const bottom = Math.min(box.height, placed.y + placed.height);
  if (right <= left || bottom <= top) return null;
  const sx = natural.width / placed.width;
  const sy = natural.height / placed.height;
  return {
    source: { x: (left - placed.x) * sx, y: (top - placed.y) * sy, width: (right - left) * sx, height: (bottom - top) * sy },
    target: { x: left * scale, y: top * scale, width: (right - left) * scale, height: (bottom - top) * scale },
  };
}
