// The gradient-checking chapter's explorer (issue 14), computed live in the page: the reader
// chooses a backprop by name (the correct one, the five planted bugs and the mystery), the step ε
// on a log scale (slider, typed value, or the marker on the ε plot dragged or moved with the
// arrow keys) and whether L2 regularisation is on (λ = 1) or off, and sees the relative error
// (eq. (relative-error)) of every weight and bias between that backprop and centred finite
// differences (eq. (centred-difference)) at ε (left) and the largest relative error against ε
// (right), with a verdict that knows where ε itself spoils the check.
// Plain DOM and SVG: the same module runs in the HTML book and in a JupyterLab output.
//
// Every number comes from the twin of nnlib: the network is network.js's Network on the
// chapter's problem (nnlib.planted_bugs.example_problem, written into the config by
// nnlib/viz/gradient_checking.py, explorer_config); the backprops are twins of
// nnlib/planted_bugs.py (one loop, pieces swapped); the finite differences and relative errors are
// twins of nnlib/gradcheck.py. tests/browser/test_gradient_check_explorer.py checks them against
// nnlib.viz.gradient_checking.check_state.

import { HIDDEN_STYLE, element, pythonExponent, svg } from "./dom.js";
import { Matrix, hadamard, map, matmul, matmulTransposeA, matmulTransposeB } from "./matrix.js";
import { Network } from "./network.js";

// the two panels (px); RIGHT holds the names of the dashed threshold lines, clear of every mark and curve
const W_PANEL = [400, 300], H = 290, LEFT = 56, RIGHT = 36, TOP = 36, BOTTOM = 44;
const Y_RANGE = [-16.5, 1.2]; // log10 of the relative error, both panels
const X_EPS = [-13.4, -0.6]; // log10 eps on the right panel
const KEY_STEP = 0.25, FINE_STEP = 0.01; // decades per arrow key, with Shift
const SYMBOLS = ["circle", "square", "diamond", "triangle"]; // one per array, besides its colour
const CSS = ".nnjs-gc-handle { cursor: ew-resize; } .nnjs-gc-handle:focus { outline: 2px solid #000; outline-offset: 2px; }" +
  " .nnjs-gc-handle:focus .nnjs-gc-ring { visibility: visible; } .nnjs-gc-eps-panel { touch-action: none; }" +
  " .nnjs-gc input[type=text] { width: 6em; } .nnjs-gc-readout { font-variant-numeric: tabular-nums; }" +
  " .nnjs-gc select:focus, .nnjs-gc input:focus { outline: 2px solid #000; outline-offset: 2px; }";

/** A relative error as the chapter's figures print it (nnlib.viz.gradient_checking.fmt). */
export const fmtError = (x) => (x === 0 ? "0" : pythonExponent(x, 1));

// --- the planted bugs: twins of nnlib/planted_bugs.py's pieces ----------------------------------
const scaled = (M, s) => map(M, (v) => s * v);
const PIECES = {
  // delta[L] = (2/m) (a[L] - y) * g'(z[L])  (eq. (delta-output))
  output_error: (aL, y, m, slope) => hadamard(scaled(diff(aL, y), 2 / m), slope(aL)),
  output_error_one_over_m: (aL, y, m, slope) => hadamard(scaled(diff(aL, y), 1 / m), slope(aL)),
  // delta[l] = (W[l+1])^T delta[l+1] * g'(z[l])  (eq. (delta-back))
  error_back: (Wn, d, a, slope) => hadamard(matmulTransposeA(Wn, d), slope(a)),
  error_back_untransposed: (Wn, d, a, slope) => hadamard(matmul(Wn, d), slope(a)),
  error_back_mystery: (Wn, d) => matmulTransposeA(Wn, d),
  sigmoid_slope: (a) => map(a, (v) => v * (1 - v)),
  sigmoid_as_slope: (a) => a,
  accumulate: (D, term) => { D.data.forEach((v, k) => { D.data[k] = v + term.data[k]; }); return D; },
  accumulate_overwriting: (D, term) => term,
  no_bias_penalty: (b) => scaled(b, 0),
  bias_penalty_too: (b, lam, m) => scaled(b, lam / m),
};

function diff(A, B) {
  return new Matrix(A.rows, A.cols, A.data.map((v, k) => v - B.data[k]));
}

/** The pieces of one implementation, from the config's {field: piece name} (nnlib's Pieces). */
function pieces(names) {
  return Object.fromEntries(Object.entries(names).map(([field, name]) => {
    if (!PIECES[name]) throw new Error(`no piece ${JSON.stringify(name)} in gradient_check.js`);
    return [field, PIECES[name]];
  }));
}

/** (dW, db) by S3's loop over the examples built from the pieces p: nnlib.planted_bugs.backprop. */
export function backprop(net, X, Y, p) {
  const m = X.cols, L = net.L, lam = net.l2;
  const Delta = [null], DeltaB = [null];
  for (let l = 1; l <= L; l++) {
    Delta.push(new Matrix(net.W[l].rows, net.W[l].cols));
    DeltaB.push(new Matrix(net.b[l].rows, 1));
  }
  const col = (M, i) => new Matrix(M.rows, 1, Array.from({ length: M.rows }, (_, j) => M.data[j * M.cols + i]));
  for (let i = 0; i < m; i++) {
    const a = net.forwardTrace(col(X, i)).a; // a[0] = x_i, ..., a[L]
    let delta = p.output_error(a[L], col(Y, i), m, p.slope);
    for (let l = L; l >= 1; l--) {
      Delta[l] = p.accumulate(Delta[l], matmulTransposeB(delta, a[l - 1]));
      DeltaB[l] = p.accumulate(DeltaB[l], delta);
      if (l > 1) delta = p.error_back(net.W[l], delta, a[l - 1], p.slope);
    }
  }
  const dW = [null], db = [null];
  for (let l = 1; l <= L; l++) {
    dW.push(new Matrix(Delta[l].rows, Delta[l].cols, Delta[l].data.map((v, k) => v + (lam / m) * net.W[l].data[k])));
    const pen = p.bias_penalty(net.b[l], lam, m);
    db.push(new Matrix(DeltaB[l].rows, 1, DeltaB[l].data.map((v, k) => v + pen.data[k])));
  }
  return { dW, db };
}

/** One vector [W[1], b[1], W[2], b[2], ...], each row after row (nnlib.viz.gradient_checking._flat). */
export function flat(dW, db) {
  const out = [];
  for (let l = 1; l < dW.length; l++) out.push(...dW[l].data, ...db[l].data);
  return Float64Array.from(out);
}

/** nnlib.numerical_gradients: (C(p + eps) - C(p - eps)) / (2 eps) for every parameter, flat. */
export function numericalFlat(net, X, Y, eps) {
  const dW = [null], db = [null];
  for (const [params, out] of [[net.W, dW], [net.b, db]]) {
    for (let l = 1; l <= net.L; l++) {
      const P = params[l], g = new Matrix(P.rows, P.cols);
      for (let k = 0; k < P.data.length; k++) {
        const saved = P.data[k];
        P.data[k] = saved + eps;
        const cPlus = net.cost(X, Y);
        P.data[k] = saved - eps;
        g.data[k] = (cPlus - net.cost(X, Y)) / (2 * eps);
        P.data[k] = saved;
      }
      out.push(g);
    }
  }
  return flat(dW, db);
}

/** |g - n| / max(|g|, |n|, floor), element-wise (nnlib.relative_error, eq. (relative-error)). */
export function relativeError(g, n, floor) {
  return g.map((v, k) => Math.abs(v - n[k]) / Math.max(Math.abs(v), Math.abs(n[k]), floor));
}

export class GradientCheck {
  /**
   * root: the element to build into. config (nnlib/viz/gradient_checking.py, explorer_config):
   * sizes, theta, X, Y: the chapter's problem; lambdas [off, on]; implementations [[name, label,
   * what is wrong, {piece field: piece}], ...]; names: the parameters' names; arrays [[name, first
   * index, count], ...]; eps_range [lo, hi] (log10), eps_curve: the right panel's ε; floor
   * (nnlib.gradcheck.RELATIVE_FLOOR), display_floor; thresholds {fine, suspicious, bug};
   * trusted [lo, hi]; verdicts {...}; colours {arrays, curve, marker, grey}; start {name, eps, lam}.
   */
  constructor(root, config) {
    this.config = config;
    this.X = Matrix.fromRows(config.X, "X");
    this.Y = Matrix.fromRows(config.Y, "Y");
    this.nets = config.lambdas.map((l2) => new Network({ sizes: config.sizes, theta: config.theta, l2 }));
    this.implementations = Object.fromEntries(config.implementations.map(([name, label, bug, p]) =>
      [name, { label, bug, pieces: pieces(p) }]));
    this.cache = new Map(); // (name | lambda) -> {analytic, curve}; lambda -> numerical at eps_curve
    this.prepare();
    this.build(root);
    const s = config.start;
    this.set(s.name, s.eps, s.lam);
    this.announce();
  }

  // --- the maths ---------------------------------------------------------------------------

  /** The backprop `name`'s gradient, flat, and its largest error at every ε of the curve (cached). */
  analytic(name, lam) {
    const key = `${name}|${lam}`;
    if (!this.cache.has(key)) {
      const net = this.nets[this.config.lambdas.indexOf(lam)];
      const { dW, db } = backprop(net, this.X, this.Y, this.implementations[name].pieces);
      const g = flat(dW, db), numeric = this.curveNumeric(lam);
      const curve = numeric.map((n) => Math.max(...relativeError(g, n, this.config.floor)));
      this.cache.set(key, { g, curve });
    }
    return this.cache.get(key);
  }

  /** The finite differences at every ε of the curve for each λ, once (so no later choice waits for them). */
  prepare() {
    for (const lam of this.config.lambdas) this.curveNumeric(lam);
  }

  curveNumeric(lam) {
    if (!this.cache.has(lam)) {
      const net = this.nets[this.config.lambdas.indexOf(lam)];
      this.cache.set(lam, this.config.eps_curve.map((e) => numericalFlat(net, this.X, this.Y, e)));
    }
    return this.cache.get(lam);
  }

  /** The verdict on a largest relative error at step eps: nnlib.viz.gradient_checking.verdict. */
  verdict(error, eps) {
    const t = this.config.thresholds, v = this.config.verdicts, [lo, hi] = this.config.trusted;
    if (error < t.fine) return v.agree;
    if (eps < lo) return v.round_off;
    if (eps > hi) return v.truncation;
    if (error < t.suspicious) return v.probably;
    if (error < t.bug) return v.suspicious;
    return v.bug;
  }

  /** Everything for one choice: the twin of nnlib.viz.gradient_checking.check_state. */
  check(name, eps, lam) {
    const net = this.nets[this.config.lambdas.indexOf(lam)];
    const { g, curve } = this.analytic(name, lam);
    const numeric = numericalFlat(net, this.X, this.Y, eps);
    const errors = relativeError(g, numeric, this.config.floor);
    let i = 0;
    errors.forEach((e, k) => { if (e > errors[i]) i = k; });
    let best = 0;
    curve.forEach((e, k) => { if (e < curve[best]) best = k; });
    return { name, eps, lam, analytic: Array.from(g), numeric: Array.from(numeric), errors: Array.from(errors),
      max_error: errors[i], worst: this.config.names[i], verdict: this.verdict(errors[i], eps),
      curve: Array.from(curve), best_eps: this.config.eps_curve[best] };
  }

  /** Choose, compute and redraw; eps is kept in its range. */
  set(name, eps, lam) {
    const [lo, hi] = this.config.eps_range;
    if (!this.implementations[name]) throw new Error(`no implementation ${JSON.stringify(name)}`);
    this.name = name;
    this.lam = lam;
    this.eps = Math.min(10 ** hi, Math.max(10 ** lo, eps));
    this.state = this.check(name, this.eps, lam);
    this.draw();
  }

  // --- the page ----------------------------------------------------------------------------

  build(root) {
    const id = (n) => `${root.id || "nnjs-gc"}-${n}`, c = this.config, s = c.start;
    const [lo, hi] = c.eps_range;
    this.controls = {
      name: element("select", { id: id("name"), name: "name" },
        c.implementations.map(([n, label]) => element("option", { value: n }, [label]))),
      epsSlider: element("input", { type: "range", id: id("eps-slider"), name: "eps-slider", min: lo, max: hi,
        step: FINE_STEP, value: Math.log10(s.eps) }),
      eps: element("input", { type: "text", id: id("eps"), name: "eps", inputmode: "decimal",
        value: pythonExponent(s.eps, 1) }),
      lam: element("input", { type: "checkbox", id: id("lam"), name: "lam" }),
    };
    const k = this.controls;
    k.name.value = s.name;
    k.lam.checked = s.lam !== c.lambdas[0];
    const control = (text, input) => element("span", { style: "display: inline-block; margin: 0 1.2em 0.4em 0" },
      [element("label", { for: input.id }, [text]), " ", input]);
    this.bug = element("p", { class: "nnjs-gc-bug" });
    this.readout = element("p", { class: "nnjs-gc-readout" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.panels = { params: this.panel("params", W_PANEL[0]), eps: this.panel("eps", W_PANEL[1]) };
    const box = element("div", { class: "nnjs-gc" }, [
      element("style", {}, [CSS]),
      element("p", {}, [`The chapter's ${c.sizes.join("-")} sigmoid network (${c.names.length} parameters, ` +
        `m = ${this.X.cols} examples, quadratic cost). Left: the relative error between the chosen backprop's ` +
        "gradient and centred finite differences at step ε, one mark per weight and bias (W[1] circles, " +
        "b[1] squares, W[2] diamonds, b[2] triangles; an exact 0 drawn at 1e-16), on a log axis. Right: the " +
        "largest relative error against ε on log-log axes, with a star at the chosen ε (drag it, or focus it " +
        "and use the arrow keys). Dashed lines: 1e-7 (agree) and 1e-2 (bug)."]),
      element("fieldset", {}, [
        element("legend", {}, ["Backprop, step ε and regularisation"]),
        control("backprop", k.name), control(`step ε (log scale, 1e${lo} to 1e${hi})`, k.epsSlider),
        control("ε", k.eps), control(`L2 regularisation (λ = ${c.lambdas[1]})`, k.lam),
      ]),
      this.bug, this.readout, this.status,
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start" },
        Object.values(this.panels).map((p) => p.svg)),
    ]);
    root.append(box);
    // JupyterLab's shortcuts (arrow keys move between cells, Enter edits one) would cancel the keys'
    // default on the slider, the field and the menu: the explorer keeps its keys to itself
    box.addEventListener("keydown", (e) => e.stopPropagation());
    k.name.addEventListener("change", () => { this.set(k.name.value, this.eps, this.lam); this.announce(); });
    k.lam.addEventListener("change", () => { this.set(this.name, this.eps, this.lamChosen()); this.announce(); });
    k.epsSlider.addEventListener("input", () => this.moveTo(10 ** Number(k.epsSlider.value), "slider"));
    k.epsSlider.addEventListener("change", () => this.announce());
    k.eps.addEventListener("input", () => this.fromField(false)); // a valid number shows at once
    k.eps.addEventListener("change", () => this.fromField());
    k.eps.addEventListener("keydown", (e) => { if (e.key === "Enter") this.fromField(); });
    this.buildHandle();
  }

  lamChosen() {
    return this.config.lambdas[this.controls.lam.checked ? 1 : 0];
  }

  panel(name, width) {
    const content = svg("g"); // redrawn on each update; the handle sits beside it, so it keeps its focus
    const el = svg("svg", { width, height: H, class: `nnjs-gc-panel nnjs-gc-${name}-panel`, role: "group" }, [content]);
    return { name, width, svg: el, content };
  }

  /** The star on the ε panel is the handle of ε: drag it (or anywhere on that panel), or focus it
   *  and use the arrow keys (a quarter decade; Shift: a hundredth), Home and End. */
  buildHandle() {
    const [lo, hi] = this.config.eps_range, p = this.panels.eps;
    this.ring = svg("circle", { r: 12, fill: "none", stroke: "#000", "stroke-width": 2, "stroke-dasharray": "3 2",
      class: "nnjs-gc-ring", visibility: "hidden" });
    this.star = svg("path", { d: starPath(9), fill: this.config.colours.marker, stroke: "white", "stroke-width": 1.5 });
    this.handle = svg("g", { class: "nnjs-gc-handle", tabindex: 0, role: "slider",
      "aria-label": "step ε (log10): arrow keys change it, Home and End go to its ends",
      "aria-valuemin": lo, "aria-valuemax": hi }, [this.ring, this.star]);
    p.svg.append(this.handle);
    p.svg.addEventListener("pointerdown", (e) => {
      p.svg.setPointerCapture(e.pointerId);
      this.dragging = true;
      this.handle.focus();
      this.fromPointer(e);
      e.preventDefault();
    });
    p.svg.addEventListener("pointermove", (e) => { if (this.dragging) this.fromPointer(e); });
    const stop = () => { if (this.dragging) { this.dragging = false; this.announce(); } };
    p.svg.addEventListener("pointerup", stop);
    p.svg.addEventListener("pointercancel", stop);
    this.handle.addEventListener("keydown", (e) => {
      const step = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, Home: -Infinity, End: Infinity }[e.key];
      if (!step) return;
      e.preventDefault();
      const to = Number.isFinite(step) ? Math.log10(this.eps) + step * (e.shiftKey ? FINE_STEP : KEY_STEP) : step;
      this.moveTo(10 ** Math.min(hi, Math.max(lo, to)));
      this.announce();
    });
  }

  fromPointer(e) {
    const box = this.panels.eps.svg.getBoundingClientRect(), [lo, hi] = this.config.eps_range;
    const x = X_EPS[0] + ((e.clientX - box.left - LEFT) / (W_PANEL[1] - LEFT - RIGHT)) * (X_EPS[1] - X_EPS[0]);
    this.moveTo(10 ** Math.min(hi, Math.max(lo, x)));
  }

  /** Move ε (log10 rounded to 0.01 unless typed) and show it in the slider and the field. */
  moveTo(eps, from = "") {
    const e = from === "typed" ? eps : 10 ** (Math.round(Math.log10(eps) * 100) / 100);
    this.set(this.name, e, this.lam);
    if (from !== "slider") this.controls.epsSlider.value = String(Math.log10(this.eps));
    this.controls.eps.value = pythonExponent(this.eps, 1);
  }

  /** The typed ε: a number in the range, or (when final, as on Enter or leaving the field) a
   *  message naming the range; final moves are announced. */
  fromField(final = true) {
    const [lo, hi] = this.config.eps_range, text = this.controls.eps.value.trim(), eps = Number(text);
    if (text === "" || !Number.isFinite(eps) || eps < 10 ** lo || eps > 10 ** hi) {
      if (final) {
        this.say(`ε: enter a number from 1e${lo} to 1e${hi}, such as 1e-5; got ${JSON.stringify(text)}. ` +
          "The figure was not changed.");
      }
      return;
    }
    this.set(this.name, eps, this.lam);
    this.controls.epsSlider.value = String(Math.log10(this.eps));
    if (final) this.announce();
  }

  /** The readout: the title of the chapter's figure (nnlib.viz.gradient_checking.check_title). */
  text() {
    const s = this.state;
    return `${this.implementations[s.name].label}, ε = ${pythonExponent(s.eps, 1)}, λ = ${s.lam}: largest error ` +
      `${fmtError(s.max_error)} at ${s.worst}, ${s.verdict}`;
  }

  say(text) {
    this.readout.textContent = text;
    this.status.textContent = text;
  }

  /** Screen readers hear the readout when a move ends (not at every pointer event of a drag). */
  announce() {
    this.status.textContent = this.readout.textContent;
  }

  draw() {
    const s = this.state, c = this.config, shown = (e) => Math.log10(Math.max(e, c.display_floor));
    this.readout.textContent = this.text();
    const bug = this.implementations[s.name].bug;
    this.bug.textContent = bug ? `What is wrong: ${bug}.` : "The correct backprop.";
    this.controls.name.value = s.name;
    const x = Math.log10(s.eps);
    this.handle.setAttribute("aria-valuenow", x.toFixed(2));
    this.handle.setAttribute("aria-valuetext", `ε = ${pythonExponent(s.eps, 1)}, largest error ${fmtError(s.max_error)}`);
    const n = c.names.length;
    this.drawPanel(this.panels.params, {
      title: "relative error of each parameter", xRange: [-1, n], xLabel: "parameter",
      xTicks: c.arrays.map(([a, first]) => [first, a]),
      marks: c.arrays.map(([a, first, count], k) => ({ array: a, symbol: SYMBOLS[k], colour: c.colours.arrays[k],
        points: Array.from({ length: count }, (_, j) => [first + j, shown(s.errors[first + j])]) })),
      lines: [{ xs: [-0.5, n - 0.5], ys: [shown(s.max_error), shown(s.max_error)], colour: c.colours.grey, dash: "2 3" }],
      label: `relative error of each of the ${n} parameters, largest ${fmtError(s.max_error)} at ${s.worst}`,
    });
    this.drawPanel(this.panels.eps, {
      title: "largest relative error against ε", xRange: X_EPS, xLabel: "ε",
      xTicks: [-13, -11, -9, -7, -5, -3, -1].map((t) => [t, `1e${t}`]),
      lines: [{ xs: c.eps_curve.map(Math.log10), ys: s.curve.map(shown), colour: c.colours.curve, width: 2.5 }],
      marks: [], label: `largest relative error against ε from 1e-1 to 1e-13; it is smallest at ε = ` +
        `${pythonExponent(s.best_eps, 1)}; the star at ε = ${pythonExponent(s.eps, 1)}`,
    });
    const p = this.panels.eps;
    this.handle.setAttribute("transform", `translate(${p.toX(x)}, ${p.toY(shown(s.max_error))})`);
  }

  drawPanel(p, { title, xRange, xLabel, xTicks, marks, lines, label }) {
    const w = p.width, c = this.config;
    p.toX = (v) => LEFT + ((v - xRange[0]) / (xRange[1] - xRange[0])) * (w - LEFT - RIGHT);
    p.toY = (v) => TOP + ((Y_RANGE[1] - v) / (Y_RANGE[1] - Y_RANGE[0])) * (H - TOP - BOTTOM);
    p.svg.setAttribute("aria-label", label); // the panel's name for screen readers (its title is a tooltip)
    const kids = [svg("title", {}, [label]),
      svg("text", { x: LEFT, y: 16, "font-size": 13, "font-weight": "bold" }, [title]),
      svg("rect", { x: LEFT, y: TOP, width: w - LEFT - RIGHT, height: H - TOP - BOTTOM, fill: "none", stroke: "#ccc" })];
    for (let t = -16; t <= 0; t += 2) {
      kids.push(svg("text", { x: LEFT - 4, y: p.toY(t) + 4, "font-size": 10, "text-anchor": "end" }, [t ? `1e${t}` : "1"]));
    }
    for (const [v, text] of xTicks) {
      kids.push(svg("text", { x: p.toX(v), y: H - BOTTOM + 14, "font-size": 10, "text-anchor": "middle" }, [text]));
    }
    kids.push(svg("text", { x: (LEFT + w - RIGHT) / 2, y: H - 8, "font-size": 12, "text-anchor": "middle" }, [xLabel]),
      svg("text", { transform: `translate(11, ${(TOP + H - BOTTOM) / 2}) rotate(-90)`, "font-size": 12,
        "text-anchor": "middle" }, ["relative error"]));
    // each threshold's value above its line and its name below, right of the plot
    for (const [level, name] of [[c.thresholds.fine, "agree"], [c.thresholds.bug, "bug"]]) {
      const y = p.toY(Math.log10(level)), x = w - RIGHT + 3;
      kids.push(svg("line", { x1: LEFT, x2: w - RIGHT, y1: y, y2: y, stroke: c.colours.grey, "stroke-dasharray": "6 4" }),
        svg("text", { x, y: y - 3, "font-size": 10, fill: "#555", class: "nnjs-gc-threshold" },
          [`1e${Math.round(Math.log10(level))}`]),
        svg("text", { x, y: y + 10, "font-size": 10, fill: "#555", class: "nnjs-gc-threshold" }, [name]));
    }
    for (const l of lines) {
      kids.push(svg("polyline", { points: l.xs.map((v, k) => `${p.toX(v)},${p.toY(l.ys[k])}`).join(" "), fill: "none",
        stroke: l.colour, "stroke-width": l.width || 1.5, "stroke-dasharray": l.dash || "", class: "nnjs-gc-line" }));
    }
    for (const m of marks) {
      for (const [v, e] of m.points) {
        kids.push(svg("path", { d: symbolPath(m.symbol, 5), transform: `translate(${p.toX(v)}, ${p.toY(e)})`,
          fill: m.colour, stroke: "white", "stroke-width": 0.8, class: `nnjs-gc-mark nnjs-gc-${m.symbol}` }));
      }
    }
    p.content.replaceChildren(...kids);
  }
}

function symbolPath(symbol, r) {
  if (symbol === "square") return `M${-r},${-r}H${r}V${r}H${-r}Z`;
  if (symbol === "diamond") return `M0,${-r * 1.3}L${r * 1.3},0L0,${r * 1.3}L${-r * 1.3},0Z`;
  if (symbol === "triangle") return `M0,${-r * 1.3}L${r * 1.2},${r}L${-r * 1.2},${r}Z`;
  return `M${r},0A${r},${r} 0 1 1 ${-r},0A${r},${r} 0 1 1 ${r},0Z`;
}

function starPath(r) {
  const pts = Array.from({ length: 10 }, (_, k) => {
    const a = (Math.PI * k) / 5 - Math.PI / 2, rr = k % 2 ? r * 0.45 : r;
    return `${(rr * Math.cos(a)).toFixed(2)},${(rr * Math.sin(a)).toFixed(2)}`;
  });
  return `M${pts.join("L")}Z`;
}

/** Build the explorer into root (the output's div); the object is kept as root.gradientCheck. */
export function mountGradientCheck(root, config) {
  root.gradientCheck = new GradientCheck(root, config);
  return root.gradientCheck;
}
