// The activation-and-cost chapter's explorer (issue 14), computed live in the page: a two-neuron
// network x -> a[1] -> a[L] (L = 2) whose hidden neuron has the activation g the reader chooses and
// weighted input z[1] = w[1] (x = 1, hidden bias 0), and a sigmoid output neuron (weight w[2],
// bias b[2]). The reader chooses g and the cost by name, drags z[1] on the plots (or moves it with
// the arrow keys or the number field) and sets the target y (slider or number field), and sees
// g(z) and g'(z) with a marker at z[1], the output error delta[L] against z[L] under both costs
// (the chosen one solid, the other dashed), and in a readout the output, the cost and the hidden
// neuron's error delta[1] = w[2] delta[L] g'(z[1]) (eq. (delta-back)). For ReLU and leaky ReLU an
// inset zooms in near z = 0, where they part, and a note gives the slope for z < 0.
// Plain DOM and SVG: the same module runs in the HTML book and in a JupyterLab output.
//
// Every number comes from the twin of nnlib: the network is Network([1, 1, 1]) (network.js), as
// nnlib.viz.activation_cost.two_neuron_network; the curves are activations.js's g and g' and
// costs.js's output errors. nnlib/viz/activation_cost.py writes the names, ranges and colours into
// the config (explorer_config); tests/browser/test_activation_cost_explorer.py checks every number
// against nnlib.viz.activation_cost.act_cost_numbers.

import { ACTIVATIONS } from "./activations.js";
import { COSTS } from "./costs.js";
import { HIDDEN_STYLE, element, fmt, svg } from "./dom.js";
import { Matrix } from "./matrix.js";
import { Network } from "./network.js";

const PLOT_W = 300, PLOT_H = 250, LEFT = 44, RIGHT = 12, TOP = 40, BOTTOM = 40; // one panel (px)
const INSET = { x: LEFT + 34, y: TOP + 8, w: 112, h: 72 }; // the zoom near z = 0 (px, in the g panel)
const KEY_STEP = 0.1, FINE_STEP = 0.01; // arrow keys, with Shift
const DASHES = { solid: "", dash: "9 5", dot: "2 4", dashdot: "9 4 2 4" }; // plotly's dash names as SVG
const CSS = ".nnjs-ac-handle { cursor: ew-resize; } .nnjs-ac-handle:focus { outline: 2px solid #000; outline-offset: 2px; }" +
  " .nnjs-ac-handle:focus .nnjs-ac-ring { visibility: visible; } .nnjs-ac-drag { touch-action: none; cursor: ew-resize; }" +
  " .nnjs-ac fieldset input[type=number] { width: 5.5em; } .nnjs-ac-readout { font-variant-numeric: tabular-nums; }";

/** n evenly spaced numbers from lo to hi. */
const linspace = (lo, hi, n) => Array.from({ length: n }, (_, k) => lo + ((hi - lo) * k) / (n - 1));

/** x rounded to 0.01, as the explorer keeps z[1] and y. */
const round2 = (x) => Math.round(x * 100) / 100;

/** The other cost's name. */
const otherCost = (cost) => Object.keys(COSTS).find((c) => c !== cost);

/** Everything the explorer shows for one choice of activation, cost, z[1] and y: the twin of
 *  nnlib.viz.activation_cost.act_cost_numbers (the same names, in camel case where JavaScript wants it). */
export function actCostNumbers(config, activation, cost, z, y) {
  const net = new Network({ sizes: [1, 1, 1], hidden: activation, output: "sigmoid", cost,
    theta: [z, 0, config.w_out, config.b_out] }); // [W[1] | b[1]], [W[2] | b[2]]: z[1] = w[1] x, b[1] = 0
  const X = new Matrix(1, 1, [config.x]), Y = new Matrix(1, 1, [y]);
  const trace = net.forwardTrace(X), back = net.backward(trace, Y), L = 2;
  const other = COSTS[otherCost(cost)].outputDelta(trace.a[L], Y, trace.z[L], net.output);
  return {
    activation, cost_name: cost, z, y,
    g: trace.a[1].data[0], g_prime: net.hidden.prime(trace.z[1].data[0]),
    z_out: trace.z[L].data[0], a_out: trace.a[L].data[0], sigma_prime_out: net.output.prime(trace.z[L].data[0]),
    cost: net.costFromTrace(trace, Y),
    delta_out: back.db[L].data[0], // delta[L] = dC_0/db[L] (one example)
    delta_out_other: other.data[0],
    delta_hidden: back.dW[1].data[0], // delta[1] x = dC_0/dw[1], x = 1
  };
}

/** delta[L] = dC_0/dz[L] of a sigmoid output with target y at each z[L] of zs, under the cost
 *  (one example per value, as nnlib.viz.activation_cost.output_delta_curve). */
export function outputDeltaCurve(cost, y, zs) {
  const Z = new Matrix(zs.length, 1, zs), sigmoid = ACTIVATIONS.sigmoid;
  const A = new Matrix(zs.length, 1, zs.map(sigmoid.g)), Y = new Matrix(zs.length, 1, zs.map(() => y));
  return Array.from(COSTS[cost].outputDelta(A, Y, Z, sigmoid).data);
}

export class ActivationCost {
  /**
   * root: the element to build into. config (nnlib/viz/activation_cost.py, explorer_config):
   * activations, costs: [[name, label], ...]; x, w_out, b_out: the input and the output neuron;
   * z_range, y_range: what z[1] and y may be; curve_z, curve_zl: the z and z[L] axes; points: per
   * curve; g_ranges {activation: [lo, hi]}; inset {z, y}: the zoom's window; start {activation,
   * cost, z, y}; colours {activation: {name: hex}, cost: {name: hex}, marker}; dashes {name: plotly dash}.
   */
  constructor(root, config) {
    this.config = config;
    this.names = Object.fromEntries([...config.activations, ...config.costs]);
    this.zs = linspace(...config.curve_z, config.points);
    this.zls = linspace(...config.curve_zl, config.points);
    this.build(root);
    const s = config.start;
    this.set(s.activation, s.cost, s.z, s.y);
    this.announce();
  }

  // --- the maths ---------------------------------------------------------------------------

  /** Choose, compute everything (numbers and curves) and redraw. */
  set(activation, cost, z, y) {
    const [z0, z1] = this.config.z_range, [y0, y1] = this.config.y_range;
    this.activation = activation;
    this.cost = cost;
    this.z = Math.min(z1, Math.max(z0, z));
    this.y = Math.min(y1, Math.max(y0, y));
    this.state = actCostNumbers(this.config, activation, cost, this.z, this.y);
    const g = ACTIVATIONS[activation], key = `${activation} ${cost} ${this.y}`;
    if (this.curves?.key !== key) { // a drag of z[1] moves only the markers: the curves stay
      this.curves = { key, paths: {},
        g: this.zs.map(g.g), g_prime: this.zs.map(g.prime),
        delta: outputDeltaCurve(cost, this.y, this.zls), delta_other: outputDeltaCurve(otherCost(cost), this.y, this.zls),
      };
    }
    this.draw();
  }

  // --- the page ----------------------------------------------------------------------------

  build(root) {
    const id = (name) => `${root.id || "nnjs-ac"}-${name}`, c = this.config, s = c.start;
    const choice = (name, options, value) => {
      const el = element("select", { id: id(name), name }, options.map(([v, text]) => element("option", { value: v }, [text])));
      el.value = value;
      return el;
    };
    const number = (name, value, [min, max], step) =>
      element("input", { type: "number", id: id(name), name, value, min, max, step, required: "" });
    this.controls = {
      activation: choice("activation", c.activations, s.activation),
      cost: choice("cost", c.costs, s.cost),
      z: number("z", s.z, c.z_range, 0.01),
      ySlider: element("input", { type: "range", id: id("y-slider"), name: "y-slider",
        min: c.y_range[0], max: c.y_range[1], step: 0.01, value: s.y }), // value last: kept to the step and range
      y: number("y", s.y, c.y_range, 0.01),
    };
    const control = (text, input) => element("span", { style: "display: inline-block; margin: 0 1.2em 0.4em 0" },
      [element("label", { for: input.id }, [text]), " ", input]);
    this.readout = element("p", { class: "nnjs-ac-readout" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.note = element("p", { class: "nnjs-ac-note" });
    this.panels = { g: this.panel("g"), gp: this.panel("gp"), delta: this.panel("delta") };
    const k = this.controls;
    this.box = element("div", { class: "nnjs-ac" }, [
      element("style", {}, [CSS]),
      element("p", {}, ["A hidden neuron with activation g feeds a sigmoid output neuron (weight " +
        `${c.w_out}, bias ${c.b_out}); its input is x = ${c.x}, so its weighted input z[1] is its weight w[1]. ` +
        "Left: g(z); middle: its slope g′(z), each with a marker at z[1] (drag on either, or focus the marker " +
        "and use the arrow keys). Right: the output error δ[L] against the output's weighted input z[L] for " +
        "the chosen cost (solid) and the other cost (dashed), with markers at this z[L]."]),
      element("fieldset", {}, [
        element("legend", {}, ["Activation, cost, z[1] and target y"]),
        control("hidden activation g", k.activation), control("cost", k.cost),
        control("weighted input z[1] = w[1]", k.z), control("target y (slider)", k.ySlider), control("target y", k.y),
      ]),
      this.readout, this.note, this.status,
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start" },
        Object.values(this.panels).map((p) => p.svg)),
    ]);
    root.append(this.box);
    // JupyterLab's shortcuts (arrow keys move between cells) would cancel the keys' default on the
    // slider, the number fields and the menus: the explorer keeps its keys to itself
    this.box.addEventListener("keydown", (e) => e.stopPropagation());
    const now = () => [this.activation, this.cost];
    k.activation.addEventListener("change", () => { this.set(k.activation.value, this.cost, this.z, this.y); this.announce(); });
    k.cost.addEventListener("change", () => { this.set(this.activation, k.cost.value, this.z, this.y); this.announce(); });
    k.ySlider.addEventListener("input", () => { this.set(...now(), this.z, Number(k.ySlider.value)); k.y.value = String(this.y); });
    k.ySlider.addEventListener("change", () => this.announce());
    for (const input of [k.z, k.y]) {
      input.addEventListener("input", () => this.fromFields());
      input.addEventListener("change", () => this.announce());
    }
    this.buildHandle();
  }

  /** One panel: an SVG with its axes' maps (toX, toY set on draw), a group for the curves. */
  panel(name) {
    // the g panel holds the handle of z[1]: a group (an image's content is not interactive)
    const el = svg("svg", { width: PLOT_W, height: PLOT_H, class: `nnjs-ac-panel nnjs-ac-${name}`,
      role: name === "g" ? "group" : "img" });
    return { name, svg: el, curves: svg("g"), marks: svg("g") };
  }

  /** The marker on the g panel is the handle of z[1]: drag it (or anywhere on the g and g' panels),
   *  or focus it and use the arrow keys (Shift: finer), Home and End. */
  buildHandle() {
    const col = this.config.colours.marker;
    this.ring = svg("circle", { r: 11, fill: "none", stroke: "#000", "stroke-width": 2, "stroke-dasharray": "3 2",
      class: "nnjs-ac-ring", visibility: "hidden" });
    this.dot = svg("circle", { r: 7, fill: col, stroke: "white", "stroke-width": 2 });
    this.handle = svg("g", { class: "nnjs-ac-handle", tabindex: 0, role: "slider",
      "aria-label": "z[1]: arrow keys change it, Home and End go to its ends",
      "aria-valuemin": this.config.z_range[0], "aria-valuemax": this.config.z_range[1] }, [this.ring, this.dot]);
    for (const p of [this.panels.g, this.panels.gp]) {
      p.svg.classList.add("nnjs-ac-drag");
      p.svg.addEventListener("pointerdown", (e) => {
        p.svg.setPointerCapture(e.pointerId);
        this.dragging = p;
        this.handle.focus();
        this.fromPointer(e);
        e.preventDefault();
      });
      p.svg.addEventListener("pointermove", (e) => { if (this.dragging === p) this.fromPointer(e); });
      const stop = () => { if (this.dragging) { this.dragging = null; this.announce(); } };
      p.svg.addEventListener("pointerup", stop);
      p.svg.addEventListener("pointercancel", stop);
    }
    this.handle.addEventListener("keydown", (e) => {
      const step = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, Home: -Infinity, End: Infinity }[e.key];
      if (!step) return;
      e.preventDefault();
      this.moveTo(Number.isFinite(step) ? this.z + step * (e.shiftKey ? FINE_STEP : KEY_STEP) : step);
      this.announce();
    });
  }

  /** z[1] under the pointer, on the panel being dragged. */
  fromPointer(e) {
    const p = this.dragging, box = p.svg.getBoundingClientRect(), [lo, hi] = this.config.curve_z;
    this.moveTo(lo + ((e.clientX - box.left - LEFT) / (PLOT_W - LEFT - RIGHT)) * (hi - lo));
  }

  /** Move z[1] to z rounded to 0.01 (kept in its range) and show it in the number field. */
  moveTo(z) {
    const [z0, z1] = this.config.z_range;
    this.set(this.activation, this.cost, round2(Math.min(z1, Math.max(z0, z))), this.y);
    this.controls.z.value = String(this.z);
  }

  /** The number fields changed: take their values, or name the field that is out of range. */
  fromFields() {
    const invalid = [this.controls.z, this.controls.y].find((input) => !input.checkValidity() || input.value === "");
    if (invalid) {
      this.say(`${invalid.labels[0].textContent}: ${invalid.validationMessage || "enter a number"} ` +
        `(from ${invalid.min} to ${invalid.max}). The figure was not changed.`);
      return;
    }
    this.set(this.activation, this.cost, Number(this.controls.z.value), Number(this.controls.y.value));
    this.controls.ySlider.value = String(this.y);
  }

  /** The readout's lines: the choice, the hidden neuron, the output and its cost, the errors
   *  (joined, the text a screen reader hears). */
  lines() {
    const s = this.state, n = this.names;
    return [`${n[s.activation]}, ${n[s.cost_name]} cost, z[1] = ${s.z}, y = ${s.y}: `,
      `g(z[1]) = ${fmt(s.g)}, g′(z[1]) = ${fmt(s.g_prime)}; `,
      `z[L] = ${fmt(s.z_out)}, output a[L] = ${fmt(s.a_out)}, C₀ = ${fmt(s.cost)}; `,
      `output error δ[L] = ${fmt(s.delta_out)} (${n[otherCost(s.cost_name)]}: ${fmt(s.delta_out_other)}); `,
      `hidden error δ[1] = ∂C₀/∂w[1] = ${fmt(s.delta_hidden)}.`];
  }

  /** For ReLU and leaky ReLU, what tells them apart: the value and slope for z < 0. */
  noteText() {
    const g = ACTIVATIONS[this.activation];
    if (!["relu", "leaky_relu"].includes(this.activation)) return "";
    const slope = g.prime(-1);
    return `${this.names[this.activation]} for z < 0: g(z) = ${slope === 0 ? "0" : `${slope} z`}, slope g′(z) = ` +
      `${slope}${slope === 0 ? ": no gradient flows back through it" : ": a small gradient still flows back"} ` +
      "(the inset zooms in near z = 0).";
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
    const s = this.state, c = this.config, n = this.names;
    this.readout.replaceChildren(...this.lines().map((line, k) => element("span", { style: "display: block" +
      (k ? "; padding-left: 1.5em" : "") }, [line])));
    this.note.textContent = this.noteText();
    this.controls.activation.value = s.activation;
    this.controls.cost.value = s.cost_name;
    const lineColour = c.colours.activation[s.activation], dash = DASHES[c.dashes[s.activation]];
    this.drawPanel(this.panels.g, {
      title: `${n[s.activation]}: g(z[1]) = ${fmt(s.g)}`, xLabel: "z[1] = w[1]", xRange: c.curve_z,
      yRange: c.g_ranges[s.activation], xs: this.zs,
      lines: [{ ys: this.curves.g, colour: lineColour, dash, width: 3 }], marker: [s.z, s.g], handle: true,
      label: `${n[s.activation]} g(z) for z from ${c.curve_z[0]} to ${c.curve_z[1]}, marker at z[1] = ${s.z}, g = ${fmt(s.g)}`,
    });
    this.drawPanel(this.panels.gp, {
      title: `its slope g′(z[1]) = ${fmt(s.g_prime)}`, xLabel: "z[1] = w[1]", xRange: c.curve_z, yRange: [-0.05, 1.1],
      xs: this.zs, lines: [{ ys: this.curves.g_prime, colour: lineColour, dash, width: 3 }], marker: [s.z, s.g_prime],
      label: `the slope g′(z) of ${n[s.activation]}, marker at z[1] = ${s.z}, g′ = ${fmt(s.g_prime)}`,
    });
    const other = otherCost(s.cost_name), cc = c.colours.cost;
    this.drawPanel(this.panels.delta, {
      title: `output error δ[L] = ${fmt(s.delta_out)}, y = ${s.y}`, xLabel: "output's z[L]", xRange: c.curve_zl,
      yRange: [-1.05, 1.05], xs: this.zls,
      lines: [{ ys: this.curves.delta_other, colour: cc[other], dash: DASHES.dash, width: 2 },
        { ys: this.curves.delta, colour: cc[s.cost_name], dash: "", width: 3 }],
      marker: [s.z_out, s.delta_out], otherMarker: [s.z_out, s.delta_out_other],
      legend: `solid: ${n[s.cost_name]}; dashed: ${n[other]} (${fmt(s.delta_out_other)})`,
      label: `the output error δ[L] against z[L] for target y = ${s.y}: ${n[s.cost_name]} (solid) and ${n[other]} ` +
        `(dashed); at z[L] = ${fmt(s.z_out)} they are ${fmt(s.delta_out)} and ${fmt(s.delta_out_other)}`,
    });
    this.handle.setAttribute("aria-valuenow", s.z);
    this.handle.setAttribute("aria-valuetext", `z[1] = ${s.z}, g = ${fmt(s.g)}, δ[1] = ${fmt(s.delta_hidden)}`);
  }

  /** Axes, curves and the marker(s) of one panel; the g panel holds the handle (and the inset). */
  drawPanel(p, o) {
    const [x0, x1] = o.xRange, [y0, y1] = o.yRange, w = PLOT_W - LEFT - RIGHT, h = PLOT_H - TOP - BOTTOM;
    const toX = (p.toX = (x) => LEFT + ((x - x0) / (x1 - x0)) * w);
    const toY = (p.toY = (y) => TOP + ((y1 - Math.min(y1, Math.max(y0, y))) / (y1 - y0)) * h);
    const path = (xs, ys, X, Y) => xs.map((x, k) => `${k ? "L" : "M"} ${X(x).toFixed(2)} ${Y(ys[k]).toFixed(2)}`).join(" ");
    const grey = this.config.colours.marker, text = (x, y, t, more = {}) =>
      svg("text", { x, y, "font-size": 12, ...more }, [t]);
    const parts = [
      svg("rect", { x: LEFT, y: TOP, width: w, height: h, fill: "none", stroke: "#888" }),
      text(LEFT, 14, o.title, { "font-size": 13, "font-weight": "bold" }),
      text(LEFT + w / 2, PLOT_H - 6, o.xLabel, { "text-anchor": "middle" }),
      text(LEFT + 2, TOP - 6, o.legend || "", { "font-size": 11 }),
      text(LEFT - 4, TOP + 4, `${y1}`, { "text-anchor": "end", "font-size": 11 }),
      text(LEFT - 4, TOP + h + 4, `${y0}`, { "text-anchor": "end", "font-size": 11 }),
      text(LEFT, TOP + h + 14, `${x0}`, { "text-anchor": "middle", "font-size": 11 }),
      text(LEFT + w, TOP + h + 14, `${x1}`, { "text-anchor": "middle", "font-size": 11 }),
    ];
    if (x0 < 0 && x1 > 0) parts.push(svg("line", { x1: toX(0), x2: toX(0), y1: TOP, y2: TOP + h, stroke: "#ccc" }));
    if (y0 < 0 && y1 > 0) parts.push(svg("line", { x1: LEFT, x2: LEFT + w, y1: toY(0), y2: toY(0), stroke: "#ccc" }));
    o.lines.forEach((line, k) => {
      const d = (this.curves.paths[`${p.name} ${k}`] ??= path(o.xs, line.ys, toX, toY)); // drawn once per curve
      parts.push(svg("path", { d, fill: "none", stroke: line.colour,
        "stroke-width": line.width, "stroke-dasharray": line.dash }));
    });
    if (o.otherMarker) {
      parts.push(svg("circle", { cx: toX(o.otherMarker[0]), cy: toY(o.otherMarker[1]), r: 5, fill: "white",
        stroke: grey, "stroke-width": 2 }));
    }
    if (p === this.panels.g && ["relu", "leaky_relu"].includes(this.activation)) parts.push(this.inset());
    const [mx, my] = [toX(o.marker[0]), toY(o.marker[1])];
    if (o.handle) {
      for (const el of [this.dot, this.ring]) { el.setAttribute("cx", mx); el.setAttribute("cy", my); }
      parts.push(this.handle);
    } else {
      parts.push(svg("circle", { cx: mx, cy: my, r: 6, fill: grey, stroke: "white", "stroke-width": 2 }));
    }
    const focused = p.svg.contains(document.activeElement) && document.activeElement === this.handle;
    p.svg.setAttribute("aria-label", o.label);
    p.svg.replaceChildren(...parts);
    if (focused) this.handle.focus();
  }

  /** ReLU and leaky ReLU near z = 0: both drawn (the chosen one thick), so their parting shows. */
  inset() {
    const { z: [z0, z1], y: [y0, y1] } = this.config.inset, c = this.config;
    const X = (z) => INSET.x + ((z - z0) / (z1 - z0)) * INSET.w;
    const Y = (y) => INSET.y + ((y1 - y) / (y1 - y0)) * INSET.h;
    const zs = linspace(z0, z1, 51);
    const curve = (name) => svg("path", {
      d: zs.map((z, k) => `${k ? "L" : "M"} ${X(z).toFixed(2)} ${Y(ACTIVATIONS[name].g(z)).toFixed(2)}`).join(" "),
      fill: "none", stroke: c.colours.activation[name], "stroke-width": name === this.activation ? 3 : 1.5,
      "stroke-dasharray": DASHES[c.dashes[name]] });
    ActivationCost.count = (ActivationCost.count || 0) + 1;
    const clip = `nnjs-ac-clip-${ActivationCost.count}`, tick = (y, t) =>
      svg("text", { x: INSET.x - 2, y: Y(y) + 3, "text-anchor": "end", "font-size": 9 }, [t]);
    return svg("g", { class: "nnjs-ac-inset" }, [
      svg("defs", {}, [svg("clipPath", { id: clip }, [svg("rect", { x: INSET.x, y: INSET.y, width: INSET.w, height: INSET.h })])]),
      svg("rect", { x: INSET.x, y: INSET.y, width: INSET.w, height: INSET.h, fill: "white", stroke: "#888" }),
      svg("line", { x1: X(0), x2: X(0), y1: INSET.y, y2: INSET.y + INSET.h, stroke: "#ccc" }),
      svg("line", { x1: INSET.x, x2: INSET.x + INSET.w, y1: Y(0), y2: Y(0), stroke: "#ccc" }),
      svg("g", { "clip-path": `url(#${clip})` }, [curve("relu"), curve("leaky_relu")]),
      tick(0, "0"), tick(ACTIVATIONS.leaky_relu.g(z0), `${ACTIVATIONS.leaky_relu.g(z0)}`),
      svg("text", { x: INSET.x + INSET.w / 2, y: INSET.y + INSET.h + 11, "text-anchor": "middle", "font-size": 10 },
        [`zoom, z from ${z0} to ${z1}`]),
    ]);
  }
}

/** Build the explorer into root from the JSON config nnlib wrote; returns it (root.activationCost too). */
export function mountActivationCost(root, config) {
  root.activationCost = new ActivationCost(root, config);
  return root.activationCost;
}
