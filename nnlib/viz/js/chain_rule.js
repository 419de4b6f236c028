// The chain-rule chapter's explorer (issue 14), computed live in the page: the chain of one-neuron
// sigmoid layers x -> a[1] -> a[2] -> a[3] with the loss C_0 = (a[3] - y)^2. The reader chooses a
// parameter p (or the input x), drags its value along the axis of the curve C_0(p) and drags the
// nudge Delta (a handle at the nudged point), or uses the arrow keys or the number fields, and sees
// the actual change of C_0, the tangent's prediction dC_0/dp * Delta, and dC_0/dp as the product
// of the chain's local derivatives, each factor shown (eqs. (chain-layer), (chain-back)).
// Plain DOM and SVG: the same module runs in the HTML book and in a JupyterLab output.
//
// Every number comes from the twin of nnlib (network.js): the chain is Network([1, 1, 1, 1]) with
// sigmoid layers and the quadratic cost, as nnlib.viz.chain_rule.chain_network; the backprop column
// is its backpropagation, the finite differences are centred ones of its cost, as
// nnlib.numerical_gradients. nnlib/viz/chain_rule.py writes the start, the ranges and the colours
// into the config (explorer_config); tests/browser/test_chain_rule_explorer.py checks every number
// against nnlib.viz.chain_rule.chain_state.

import { ACTIVATIONS } from "./activations.js";
import { HIDDEN_STYLE, element, fmt, svg } from "./dom.js";
import { Matrix, matmulTransposeA } from "./matrix.js";
import { Network } from "./network.js";

const N_LINKS = 3;
const PLOT_W = 470, PLOT_H = 340, LEFT = 58, RIGHT = 14, TOP = 34, BOTTOM = 88; // the plot (px)
const TANGENT_HALF = 1.2; // the tangent is drawn this far either side of p
const KEY_STEP = 0.1, FINE_STEP = 0.01; // arrow keys, with Shift
const CSS = ".nnjs-ch-handle { cursor: ew-resize; } .nnjs-ch-handle:focus { outline: 2px solid #000; outline-offset: 2px; }" +
  " .nnjs-ch-handle:focus .nnjs-ch-ring { visibility: visible; } .nnjs-ch-plot { touch-action: none; }" +
  " .nnjs-ch table { border-collapse: collapse; margin: 0.3em 0 0.8em; font-variant-numeric: tabular-nums; }" +
  " .nnjs-ch th, .nnjs-ch td { padding: 1px 7px; text-align: right; border-bottom: 1px solid #ddd; }" +
  " .nnjs-ch caption { text-align: left; font-weight: bold; }" +
  " .nnjs-ch tr.nnjs-ch-chosen td { font-weight: bold; background: #fdf1e0; }" +
  " .nnjs-ch fieldset input[type=number] { width: 5.5em; }";

/** A parameter's name as the page writes it: w1 -> w[1], x -> x. */
const label = (p) => (p === "x" ? "x" : `${p[0]}[${p[1]}]`);

/** The name as an element, with the layer as a superscript: w<sup>[1]</sup>. */
const labelNode = (p) => (p === "x" ? "x" : element("span", {}, [p[0], element("sup", {}, [`[${p[1]}]`])]));

/** The chain's parameters in nnlib's layout (net.get_params()): per layer [W | b], i.e. w1, b1, w2, ... */
const thetaOf = (values) => [1, 2, 3].flatMap((l) => [values[`w${l}`], values[`b${l}`]]);

/** Everything the explorer shows for these values, the chosen parameter and the nudge. */
export class Chain {
  /** y: the target; eps: the nudge of the centred differences (nnlib's 1e-5). */
  constructor(y, eps) {
    this.y = y;
    this.eps = eps;
    this.net = new Network({ sizes: [1, 1, 1, 1], hidden: "sigmoid", output: "sigmoid", cost: "quadratic",
      theta: [0, 0, 0, 0, 0, 0] });
    this.X = new Matrix(1, 1);
    this.Y = new Matrix(1, 1, [y]);
  }

  /** C_0 = (a[3] - y)^2 at these values (eq. (chain-cost)). */
  cost(values) {
    this.net.setParams(thetaOf(values));
    this.X.data[0] = values.x;
    return this.net.cost(this.X, this.Y);
  }

  /** The forward trace, the chain rule's factors, backpropagation and finite differences at values;
   *  the nudge of param by delta. The twin of nnlib.viz.chain_rule.chain_state. */
  numbers(values, param, delta) {
    const net = this.net, sp = ACTIVATIONS.sigmoid.prime;
    net.setParams(thetaOf(values));
    this.X.data[0] = values.x;
    const trace = net.forwardTrace(this.X);
    const z = [null], a = [values.x], sigmaPrime = [null];
    for (let l = 1; l <= N_LINKS; l++) {
      z.push(trace.z[l].data[0]);
      a.push(trace.a[l].data[0]);
      sigmaPrime.push(sp(z[l]));
    }
    // (chain-back) from the output back: dC_0/da(l-1) = w(l) sigma'(z(l)) dC_0/da(l)
    const dC_da = Array(N_LINKS + 1).fill(0);
    dC_da[N_LINKS] = 2 * (a[N_LINKS] - this.y);
    for (let l = N_LINKS; l >= 1; l--) dC_da[l - 1] = values[`w${l}`] * sigmaPrime[l] * dC_da[l];
    // backpropagation; dC_0/dx = W[1]^T delta[1], the input's step back
    const { delta: deltas, dW, db } = net.backward(trace, this.Y);
    const dC_dx = matmulTransposeA(net.W[1], deltas[1]).data[0];
    const cost = net.costFromTrace(trace, this.Y);
    const rows = Object.keys(values).map((p) => {
      const l = p === "x" ? 1 : Number(p[1]);
      // (chain-layer) dC_0/dp = dz(l)/dp * sigma'(z(l)) * dC_0/da(l)
      const dz_dp = p === "x" ? values.w1 : p[0] === "w" ? a[l - 1] : 1;
      const backprop = p === "x" ? dC_dx : (p[0] === "w" ? dW : db)[l].data[0];
      const plus = this.cost({ ...values, [p]: values[p] + this.eps });
      const minus = this.cost({ ...values, [p]: values[p] - this.eps });
      return { name: p, value: values[p], dz_dp, sigma_prime: sigmaPrime[l], dC_da: dC_da[l],
        product: dz_dp * sigmaPrime[l] * dC_da[l], backprop, finite_difference: (plus - minus) / (2 * this.eps) };
    });
    const row = rows.find((r) => r.name === param);
    const costAfter = this.cost({ ...values, [param]: values[param] + delta });
    return { values: { ...values }, y: this.y, z, a, sigma_prime: sigmaPrime, dC_da, cost, rows,
      nudge: { name: param, delta, cost_after: costAfter, actual: costAfter - cost, predicted: row.backprop * delta } };
  }

  /** C_0 as the parameter param runs over [lo, hi] in n points (the others at values). */
  curve(values, param, lo, hi, n) {
    const p = Array.from({ length: n }, (_, k) => lo + (k / (n - 1)) * (hi - lo));
    return { p, cost: p.map((v) => this.cost({ ...values, [param]: v })) };
  }
}

export class ChainExplorer {
  /**
   * root: the element to build into. config (nnlib/viz/chain_rule.py, explorer_config): params
   * (names in the table's order), values {name: value}, param (the chosen one), delta, y, eps,
   * value_range, delta_range, curve_points, colours {curve, tangent, nudge, predicted, grey}.
   */
  constructor(root, config) {
    this.config = config;
    this.chain = new Chain(config.y, config.eps);
    [this.lo, this.hi] = [config.value_range[0] + config.delta_range[0], config.value_range[1] + config.delta_range[1]];
    this.build(root);
    this.set({ ...config.values }, config.param, config.delta);
    this.announce();
  }

  /** Show these values, the chosen parameter and the nudge (clamped to their ranges): recompute and redraw. */
  set(values, param = this.param, delta = this.delta) {
    const [v0, v1] = this.config.value_range, [d0, d1] = this.config.delta_range;
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    values = Object.fromEntries(this.config.params.map((p) => [p, clamp(values[p], v0, v1)]));
    // the curve C_0(p) depends on the choice of p and the other values, not on p's value or Delta
    const newCurve = !this.curveData || param !== this.param ||
      this.config.params.some((q) => q !== param && values[q] !== this.values[q]);
    this.values = values;
    this.param = param;
    this.delta = clamp(delta, d0, d1);
    this.state = this.chain.numbers(values, param, this.delta);
    if (newCurve) this.curveData = this.chain.curve(values, param, this.lo, this.hi, this.config.curve_points);
    this.draw();
  }

  // --- the page ----------------------------------------------------------------------------

  build(root) {
    const id = (name) => `${root.id || "nnjs-chain"}-${name}`, c = this.config;
    const [v0, v1] = c.value_range, [d0, d1] = c.delta_range;
    const number = (name, value, min, max) =>
      element("input", { type: "number", id: id(name), name, value, min, max, step: "any", required: "" });
    const control = (text, input) => element("span", { style: "display: inline-block; margin: 0 1em 0.4em 0" },
      [element("label", { for: input.id }, [text]), " ", input]);
    this.choice = element("select", { id: id("param"), name: "param" },
      c.params.map((p) => element("option", { value: p }, [label(p)])));
    this.fields = Object.fromEntries(c.params.map((p) => [p, number(p, c.values[p], v0, v1)]));
    this.deltaField = number("delta", c.delta, d0, d1);
    this.reset = element("button", { type: "button" }, ["Back to the chapter's start"]);
    this.readout = element("p", { class: "nnjs-readout", style: "font-variant-numeric: tabular-nums" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.buildPlot();
    this.paramTable = element("table");
    this.layerTable = element("table");
    root.append(element("div", { class: "nnjs-ch" }, [
      element("style", {}, [CSS]),
      element("p", {}, [`A chain of three one-neuron sigmoid layers, x → a[1] → a[2] → a[3], with target y = ${c.y} ` +
        "and cost C₀ = (a[3] − y)². The plot shows C₀ as the chosen parameter p varies (the others stay), its " +
        "tangent at p, and a nudge Δ of p: the round marker is C₀ after the nudge, the diamond the tangent's " +
        "prediction. Drag p's handle under the axis and the nudge's round marker, or use the arrow keys on them. " +
        "The tables give, for every parameter, the chain rule's factors and their product, and each layer's numbers."]),
      element("fieldset", {}, [
        element("legend", {}, ["The chain's numbers, the parameter p to nudge and the nudge Δ"]),
        control("parameter p", this.choice), control("nudge Δ", this.deltaField),
        element("br"), ...c.params.map((p) => control(labelNode(p), this.fields[p])), this.reset,
      ]),
      this.readout, this.status,
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start" }, [
        this.plot, element("div", {}, [this.paramTable, this.layerTable]),
      ]),
    ]));
    this.choice.addEventListener("change", () => { this.set(this.values, this.choice.value); this.announce(); });
    for (const input of [...Object.values(this.fields), this.deltaField]) {
      input.addEventListener("input", () => this.fromFields());
      input.addEventListener("change", () => this.announce());
    }
    this.reset.addEventListener("click", () => {
      this.set({ ...c.values }, c.param, c.delta);
      this.announce();
    });
  }

  /** The plot of C_0(p): the curve, the tangent at p, the point at p with its handle on the axis,
   *  the nudged point (a handle) and the tangent's prediction. */
  buildPlot() {
    const col = this.config.colours, w = PLOT_W - LEFT - RIGHT, h = PLOT_H - TOP - BOTTOM;
    this.toX = (p) => LEFT + ((p - this.lo) / (this.hi - this.lo)) * w;
    this.fromX = (x) => this.lo + ((x - LEFT) / w) * (this.hi - this.lo);
    this.axisY = TOP + h;
    const clip = `nnjs-ch-clip-${(ChainExplorer.count = (ChainExplorer.count || 0) + 1)}`;
    const ring = (r) => svg("circle", { r, fill: "none", stroke: "#000", "stroke-width": 2, "stroke-dasharray": "3 2",
      class: "nnjs-ch-ring", visibility: "hidden" });
    this.curveLine = svg("polyline", { fill: "none", stroke: col.curve, "stroke-width": 2.5 });
    this.tangent = svg("line", { stroke: col.tangent, "stroke-width": 2, "stroke-dasharray": "7 4" });
    this.deltaLine = svg("line", { stroke: col.grey, "stroke-width": 1.5, "stroke-dasharray": "2 3" });
    this.drop = svg("line", { stroke: col.grey, "stroke-width": 1, "stroke-dasharray": "2 3" });
    this.point = svg("circle", { r: 5, fill: col.curve });
    this.predicted = svg("path", { fill: col.predicted, stroke: "white", "stroke-width": 1 });
    this.nudgeDot = svg("circle", { r: 7, fill: "white", stroke: col.nudge, "stroke-width": 3 });
    this.nudgeRing = ring(12);
    this.nudgeHandle = svg("g", { class: "nnjs-ch-handle", tabindex: 0, role: "slider",
      "aria-valuemin": this.config.delta_range[0], "aria-valuemax": this.config.delta_range[1] },
    [this.nudgeRing, this.nudgeDot]);
    this.valueMark = svg("path", { fill: col.curve, stroke: "white", "stroke-width": 1 });
    this.valueText = svg("text", { "text-anchor": "middle", "font-size": 12 });
    this.valueRing = ring(13);
    this.valueHandle = svg("g", { class: "nnjs-ch-handle", tabindex: 0, role: "slider",
      "aria-valuemin": this.config.value_range[0], "aria-valuemax": this.config.value_range[1] },
    [this.valueRing, this.valueMark, this.valueText]);
    this.yTicks = svg("g", { "font-size": 11, "text-anchor": "end" });
    this.xTitle = svg("text", { x: LEFT + w / 2, y: PLOT_H - 6, "text-anchor": "middle", "font-size": 12 });
    const xTicks = [];
    for (let p = Math.ceil(this.lo); p <= this.hi; p += 2) {
      xTicks.push(svg("text", { x: this.toX(p), y: this.axisY + 14, "text-anchor": "middle", "font-size": 11 }, [`${p}`]));
    }
    this.plot = svg("svg", { width: PLOT_W, height: PLOT_H, class: "nnjs-ch-plot", role: "group" }, [
      svg("defs", {}, [svg("clipPath", { id: clip }, [svg("rect", { x: LEFT, y: TOP, width: w, height: h })])]),
      svg("rect", { x: LEFT, y: TOP, width: w, height: h, fill: "none", stroke: "#888" }),
      svg("text", { x: LEFT, y: 12, "font-size": 12 }, ["— C₀(p)   - - tangent at p   ○ C₀ after the nudge   ◆ the tangent's prediction"]),
      svg("text", { x: 12, y: TOP + h / 2, "text-anchor": "middle", "font-size": 12,
        transform: `rotate(-90 12 ${TOP + h / 2})` }, ["cost C₀"]),
      ...xTicks, this.yTicks, this.xTitle,
      svg("g", { "clip-path": `url(#${clip})` }, [this.curveLine, this.tangent, this.drop, this.deltaLine, this.point]),
      this.nudgeHandle, this.valueHandle,
      // over the nudge's marker, which it may touch, and not in the way of dragging it
      svg("g", { "clip-path": `url(#${clip})`, "pointer-events": "none" }, [this.predicted]),
    ]);
    this.plot.addEventListener("pointerdown", (e) => {
      this.plot.setPointerCapture(e.pointerId);
      this.dragging = this.nudgeHandle.contains(e.target) ? "delta" : "value";
      (this.dragging === "delta" ? this.nudgeHandle : this.valueHandle).focus();
      this.fromPointer(e);
      e.preventDefault();
    });
    this.plot.addEventListener("pointermove", (e) => { if (this.dragging) this.fromPointer(e); });
    const stop = () => { if (this.dragging) { this.dragging = null; this.announce(); } };
    this.plot.addEventListener("pointerup", stop);
    this.plot.addEventListener("pointercancel", stop);
    // arrows: a step (with Shift a fine one); Home and End: the ends of the range (moves are clamped to it)
    const keys = (handle, move) => handle.addEventListener("keydown", (e) => {
      const step = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, Home: -Infinity, End: Infinity }[e.key];
      if (!step) return;
      e.preventDefault();
      move(Number.isFinite(step) ? step * (e.shiftKey ? FINE_STEP : KEY_STEP) : step);
      this.announce();
    });
    const [v0, v1] = this.config.value_range, [d0, d1] = this.config.delta_range;
    const within = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    keys(this.valueHandle, (d) => this.moveTo(within(this.values[this.param] + d, v0, v1), this.delta));
    keys(this.nudgeHandle, (d) => this.moveTo(this.values[this.param], within(this.delta + d, d0, d1)));
  }

  /** The pointer moves p's value (dragging its handle or the plot) or the nudge (its handle). */
  fromPointer(e) {
    const p = this.fromX(e.clientX - this.plot.getBoundingClientRect().left);
    if (this.dragging === "delta") this.moveTo(this.values[this.param], p - this.values[this.param]);
    else this.moveTo(p, this.delta);
  }

  /** p's value and the nudge, rounded to 0.01 (finer than a pixel), shown in the number fields too. */
  moveTo(value, delta) {
    const round = (v) => Math.round(v * 100) / 100;
    this.set({ ...this.values, [this.param]: round(value) }, this.param, round(delta));
  }

  /** The number fields changed: take their values, or name the field that is out of range. */
  fromFields() {
    const fields = [...Object.values(this.fields), this.deltaField];
    const invalid = fields.find((input) => !input.checkValidity() || input.value === "");
    if (invalid) {
      this.say(`${invalid.labels[0].textContent}: ${invalid.validationMessage || "enter a number"} ` +
        `(from ${invalid.min} to ${invalid.max}). The figure was not changed.`);
      return;
    }
    const values = Object.fromEntries(this.config.params.map((p) => [p, Number(this.fields[p].value)]));
    this.set(values, this.param, Number(this.deltaField.value));
  }

  /** The readout: the values, the nudge's actual and predicted change, and dC_0/dp as its factors. */
  text() {
    const s = this.state, n = s.nudge, r = s.rows.find((row) => row.name === n.name), p = label(n.name);
    const l = n.name === "x" ? 1 : n.name[1], dz = n.name === "x" ? "w[1]" : n.name[0] === "w" ? `a[${l - 1}]` : "1";
    return `${this.config.params.map((q) => `${label(q)} = ${s.values[q]}`).join(", ")}, y = ${s.y}: ` +
      `C₀ = ${fmt(s.cost)}. Nudge ${p} by Δ = ${n.delta}: C₀ becomes ${fmt(n.cost_after)}, ` +
      `actual ΔC₀ = ${fmt(n.actual)}, tangent's prediction ∂C₀/∂${p} · Δ = ${fmt(n.predicted)}. ` +
      `∂C₀/∂${p} = ${dz} · σ′(z[${l}]) · ∂C₀/∂a[${l}] = ${fmt(r.dz_dp)} × ${fmt(r.sigma_prime)} × ` +
      `${fmt(r.dC_da)} = ${fmt(r.product)}.`;
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
    const s = this.state, n = s.nudge, p = this.param, value = this.values[p];
    const r = s.rows.find((row) => row.name === p), curve = this.curveData;
    this.readout.textContent = this.text();
    this.choice.value = p;
    for (const q of this.config.params) {
      if (Number(this.fields[q].value) !== this.values[q] || this.fields[q].value === "") this.fields[q].value = String(this.values[q]);
    }
    if (Number(this.deltaField.value) !== this.delta || this.deltaField.value === "") this.deltaField.value = String(this.delta);
    // the cost axis fits the curve and the tangent over every nudge (it does not change while Delta is dragged)
    const reach = Math.abs(r.backprop) * Math.max(...this.config.delta_range.map(Math.abs));
    let lo = Math.min(...curve.cost, s.cost - reach), hi = Math.max(...curve.cost, s.cost + reach);
    const pad = Math.max((hi - lo) * 0.08, 1e-12 + Math.abs(hi) * 1e-9);
    lo -= pad;
    hi += pad;
    const h = this.axisY - TOP, toY = (c) => TOP + ((hi - c) / (hi - lo)) * h;
    this.yTicks.replaceChildren(...[0, 0.5, 1].map((t) => {
      const c = lo + pad + t * (hi - lo - 2 * pad);
      return svg("text", { x: LEFT - 4, y: toY(c) + 4 }, [Number(c.toPrecision(3)).toString()]);
    }));
    this.xTitle.textContent = `${label(p)} (the other values stay); drag its ▲ handle`;
    this.curveLine.setAttribute("points", curve.p.map((q, k) => `${this.toX(q)},${toY(curve.cost[k])}`).join(" "));
    const x = this.toX(value), y = toY(s.cost), xn = this.toX(value + n.delta);
    const line = (el, x1, y1, x2, y2) => Object.entries({ x1, y1, x2, y2 }).forEach(([k, v]) => el.setAttribute(k, v));
    line(this.tangent, this.toX(value - TANGENT_HALF), toY(s.cost - r.backprop * TANGENT_HALF),
      this.toX(value + TANGENT_HALF), toY(s.cost + r.backprop * TANGENT_HALF));
    line(this.deltaLine, x, y, xn, y);
    line(this.drop, x, y, x, this.axisY);
    this.point.setAttribute("cx", x);
    this.point.setAttribute("cy", y);
    const yp = toY(s.cost + n.predicted);
    this.predicted.setAttribute("d", `M ${xn} ${yp - 7} L ${xn + 6} ${yp} L ${xn} ${yp + 7} L ${xn - 6} ${yp} Z`);
    const ya = toY(n.cost_after);
    for (const el of [this.nudgeDot, this.nudgeRing]) {
      el.setAttribute("cx", xn);
      el.setAttribute("cy", ya);
    }
    const ym = this.axisY + 30;
    this.valueMark.setAttribute("d", `M ${x} ${ym - 9} L ${x + 8} ${ym + 5} L ${x - 8} ${ym + 5} Z`);
    this.valueRing.setAttribute("cx", x);
    this.valueRing.setAttribute("cy", ym);
    this.valueText.setAttribute("x", x);
    this.valueText.setAttribute("y", ym + 19);
    this.valueText.textContent = `${label(p)} = ${value}`;
    this.valueHandle.setAttribute("aria-label", `value of ${label(p)}: arrow keys change it, Home and End go to its ends`);
    this.valueHandle.setAttribute("aria-valuenow", value);
    this.valueHandle.setAttribute("aria-valuetext", `${label(p)} = ${value}, C₀ = ${fmt(s.cost)}`);
    this.nudgeHandle.setAttribute("aria-label", `the nudge Δ of ${label(p)}: arrow keys change it, Home and End go to its ends`);
    this.nudgeHandle.setAttribute("aria-valuenow", n.delta);
    this.nudgeHandle.setAttribute("aria-valuetext", `Δ = ${n.delta}, actual ΔC₀ = ${fmt(n.actual)}, ` +
      `predicted ${fmt(n.predicted)}`);
    this.plot.setAttribute("aria-label", `C₀ against ${label(p)} from ${this.lo} to ${this.hi}, the other values ` +
      `fixed: from ${fmt(Math.min(...curve.cost))} to ${fmt(Math.max(...curve.cost))}; at ${label(p)} = ${value} ` +
      `C₀ = ${fmt(s.cost)} and the tangent's slope is ${fmt(r.backprop)}`);
    this.drawTables();
  }

  /** The parameter table (the factors of (chain-layer), their product, backprop, finite difference)
   *  and the layer table (z, a, sigma'(z), dC_0/da from the output back). */
  drawTables() {
    const s = this.state, cell = (tag, text) => element(tag, tag === "th" ? { scope: "col" } : {}, [text]);
    const head = (names) => element("thead", {}, [element("tr", {}, names.map((t) => cell("th", t)))]);
    this.paramTable.replaceChildren(
      element("caption", {}, ["Each parameter p: ∂C₀/∂p = ∂z/∂p · σ′(z) · ∂C₀/∂a"]),
      head(["p", "value", "∂z/∂p", "σ′(z)", "∂C₀/∂a", "product", "backprop", "finite diff."]),
      element("tbody", {}, s.rows.map((r) => element("tr", r.name === this.param ? { class: "nnjs-ch-chosen" } : {}, [
        element("th", { scope: "row" }, [r.name === this.param ? "▶ " : "", labelNode(r.name)]),
        cell("td", String(r.value)),
        ...[r.dz_dp, r.sigma_prime, r.dC_da, r.product, r.backprop, r.finite_difference].map((v) => cell("td", fmt(v))),
      ]))),
    );
    this.layerTable.replaceChildren(
      element("caption", {}, ["Each layer, from the output back"]),
      head(["layer", "z", "a", "σ′(z)", "∂C₀/∂a"]),
      element("tbody", {}, [3, 2, 1, 0].map((l) => element("tr", {}, [
        element("th", { scope: "row" }, [l ? String(l) : "0 (x)"]),
        cell("td", l ? fmt(s.z[l]) : ""), cell("td", fmt(s.a[l])), cell("td", l ? fmt(s.sigma_prime[l]) : ""),
        cell("td", fmt(s.dC_da[l])),
      ]))),
    );
  }
}

/** Build the explorer into root from the JSON config nnlib wrote; returns it (root.chainExplorer too). */
export function mountChainExplorer(root, config) {
  root.chainExplorer = new ChainExplorer(root, config);
  return root.chainExplorer;
}
