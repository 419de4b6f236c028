// The cost as a coloured contour map on a <canvas>, shared by the explorers that draw one (the
// cost-surface explorer, the SGD explorer): the field is computed a band of rows per task, so that
// the page stays responsive, and painted with a line where a contour level changes.

import { colourAt, rgb } from "./dom.js";

const LINE_SHADE = 0.55; // a contour line is its pixel's colour times this: seen on dark and pale ground

/** costAt(w, b) at the centre of each of the n x n pixels of the window w_range x b_range (row i
 *  at the top is the largest b), rowsPerTask rows per task; resolves with the Float64Array. */
export function computeField(n, [w0, w1], [b0, b1], costAt, rowsPerTask) {
  const field = new Float64Array(n * n);
  const rows = (from, to) => {
    for (let i = from; i < to; i++) {
      const b = b1 - ((i + 0.5) / n) * (b1 - b0);
      for (let j = 0; j < n; j++) field[i * n + j] = costAt(w0 + ((j + 0.5) / n) * (w1 - w0), b);
    }
  };
  return new Promise((resolve) => {
    const band = (from) => {
      rows(from, Math.min(n, from + rowsPerTask));
      if (from + rowsPerTask < n) setTimeout(() => band(from + rowsPerTask), 0);
      else resolve(field);
    };
    setTimeout(() => band(0), 0);
  });
}

/** Paint the n x n field on canvas, coloured by scale ([[t, hex], ...]; low cost dark), with a
 *  line (the pixel's colour, darkened) where a pixel and its neighbour lie on different sides of a
 *  contour level {start, end, size}; sets the canvas' aria-label. Returns {lo, hi}. */
export function paintField(canvas, field, n, { start, end, size }, scaleHex) {
  const scale = scaleHex.map(([t, hex]) => [t, rgb(hex)]);
  const top = Math.round((end - start) / size);
  const level = (c) => (c < start ? -1 : Math.min(Math.floor((c - start) / size + 1e-9), top));
  const ctx = canvas.getContext("2d"), image = ctx.createImageData(n, n);
  let lo = Infinity, hi = -Infinity;
  for (const c of field) { lo = Math.min(lo, c); hi = Math.max(hi, c); }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j, here = level(field[k]);
      const edge = (j + 1 < n && level(field[k + 1]) !== here) || (i + 1 < n && level(field[k + n]) !== here);
      const colour = colourAt(scale, field[k], lo, hi).map((v) => (edge ? Math.round(LINE_SHADE * v) : v));
      image.data.set([...colour, 255], 4 * k);
    }
  }
  ctx.putImageData(image, 0, 0);
  canvas.setAttribute("aria-label", `The cost as colour, from ${lo.toFixed(4)} (darkest) to ${hi.toFixed(4)} ` +
    `(palest), with lines of equal cost every ${size} from ${start} to ${end}`);
  return { lo, hi };
}
