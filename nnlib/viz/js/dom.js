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

/** A number as the chapters' figures print it (nnlib.viz.chain_rule.fmt, nnlib.viz.delta_rule.fmt):
 *  "0", 4 decimals (never "-0.0000"), or 3 significant digits in Python's exponent form when tiny. */
export function fmt(v) {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? "0" : String(v);
  if (Math.abs(v) < 5e-4) return pythonExponent(v, 2);
  const s = v.toFixed(4);
  return s.startsWith("-") && Number(s) === 0 ? s.slice(1) : s;
}
