// Small helpers the page's explorers share to build their DOM and SVG and to print numbers as
// nnlib's figures print them (Python's format specifications).

export const SVG = "http://www.w3.org/2000/svg";
// read by screen readers, not shown
export const HIDDEN_STYLE = "position: absolute; width: 1px; height: 1px; overflow: hidden; " +
  "clip: rect(0 0 0 0); white-space: nowrap";

/** A new element with these attributes and children (ns: its namespace, e.g. SVG). */
export function element(tag, attributes = {}, children = [], ns = null) {
  const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

/** A new SVG element. */
export const svg = (tag, attributes = {}, children = []) => element(tag, attributes, children, SVG);

/** x in Python's exponent form f"{x:.{digits}e}": 1.23e-05, -4.0e+02. */
export function pythonExponent(x, digits) {
  const [mantissa, exponent] = x.toExponential(digits).split("e");
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** Python's f"{x:.{digits}g}" (f"{x:g}" with the default 6): that many significant digits, trailing
 *  zeros dropped, exponent form below 1e-4 or from 10^digits (0 and -0 both print "0"). */
export function pythonG(x, digits = 6) {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const [mantissa, exponent] = x.toExponential(digits - 1).split("e");
  const e = Number(exponent);
  if (e < -4 || e >= digits) return `${mantissa.replace(/\.?0+$/, "")}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return String(Number(x.toPrecision(digits)));
}

/** "#rrggbb" -> [r, g, b]. */
export function rgb(hex) {
  return [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
}

/** The colour of c on a scale [[t, [r, g, b]], ...] (t from 0 to 1) over [lo, hi], as [r, g, b]. */
export function colourAt(scale, c, lo, hi) {
  const t = Math.min(1, Math.max(0, (c - lo) / (hi - lo)));
  let k = 1;
  while (k < scale.length - 1 && scale[k][0] < t) k++;
  const [t0, c0] = scale[k - 1], [t1, c1] = scale[k], s = (t - t0) / (t1 - t0);
  return c0.map((v, i) => Math.round(v + s * (c1[i] - v)));
}

/** A number as the chapters' figures print it (nnlib.viz.chain_rule.fmt, nnlib.viz.delta_rule.fmt):
 *  "0", 4 decimals (never "-0.0000"), or 3 significant digits in Python's exponent form when tiny. */
export function fmt(v) {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? "0" : String(v);
  if (Math.abs(v) < 5e-4) return pythonExponent(v, 2);
  const s = v.toFixed(4);
  return s.startsWith("-") && Number(s) === 0 ? s.slice(1) : s;
}
