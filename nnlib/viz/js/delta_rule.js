// The delta-rule chapter's explorer (issue 14), computed live in the page: the chapter's 2-3-2
// sigmoid network as a diagram in which the reader drags any weight (its label, up or down, or the
// arrow keys on it, or a number field) and sees, for one training example, every neuron's z, a and
// error delta, every weight's gradient dC_0/dw and every bias gradient dC_0/db = delta, revealed
// step by step from the output back as the backward pass finds them. Plain DOM and SVG: the same
// module runs in the HTML book and in a JupyterLab output.
//
// Every number comes from the twin of nnlib (network.js): the forward pass (eq. (forward)), the
// output error (delta-output), the step back (delta-back) and the gradients (grad-W), (grad-b).
// nnlib/viz/delta_rule.py writes the network, the examples, the steps' texts, the diagram's layout
// and the colours into the config; tests/browser/test_delta_rule_explorer.py checks every number
// and every text against nnlib.viz.delta_rule.delta_view.

import { Matrix } from "./matrix.js";
import { Network } from "./network.js";
import { HIDDEN_STYLE, element, pythonExponent, svg } from "./dom.js";

const XS = 285, YS = 160, LEFT = 70, TOP = 128, BOTTOM = 42; // the diagram's scale and margins (px)
const NODE_R = 17, BOX_W = 112, LINE_H = 15, LABEL_W = 84; // a neuron, its box, a weight's label
const PX_PER_UNIT = 50; // dragging a weight's label this far up raises the weight by 1
const FOCUS_CSS = ".nnjs-dr-weight { cursor: ns-resize; touch-action: none; }" +
  " .nnjs-dr-weight:focus { outline: 2px solid #000; outline-offset: 2px; }" +
  " .nnjs-dr-weight.nnjs-dr-selected rect.nnjs-dr-label { stroke: #000; stroke-width: 1.5; }";

/** How the chapter prints a number, as nnlib.viz.delta_rule.fmt: 4 decimals (never "-0.0000"),
 *  or 3 significant digits in Python's exponent form when it is tiny. */
export function fmt(v) {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? "0" : String(v);
  if (Math.abs(v) < 5e-4) return pythonExponent(v, 2);
  const s = v.toFixed(4);
  return s.startsWith("-") && Number(s) === 0 ? s.slice(1) : s;
}

/** A weight or bias as the diagram prints it (delta_rule._w): 2 decimals. */
const fmtWeight = (v) => v.toFixed(2);

/** A weight's name as nnlib.viz.delta_rule.parse_param reads it: w^[l]_jk is "w2_12". */
const paramName = (l, j, k) => `w${l}_${j}${k}`;

export class DeltaRule {
  /**
   * root: the element to build into. config (nnlib/viz/delta_rule.py, explorer_config): sizes,
   * hidden, output, cost and theta (the chapter's parameters in nnlib's layout); examples [{x, y}];
   * steps [{name, note}] (note: HTML); start {example (1-based), step}; weight_range [lo, hi];
   * layout {x, y, edges [[l, j, k]...], label_xy} (network_diagram.diagram_layout); widths
   * {min, max, scale}; colours {positive, negative, new, known, unknown, input, grey}; layer_names.
   */
  constructor(root, config) {
    this.config = config;
    this.net = new Network({ sizes: config.sizes, hidden: config.hidden, output: config.output, cost: config.cost,
      theta: config.theta });
    this.chapters = new Network({ sizes: config.sizes, theta: config.theta }); // the chapter's weights
    this.L = this.net.L;
    this.example = config.start.example;
    this.step = config.start.step;
    this.selected = config.layout.edges.findIndex(([l, j, k]) => l === this.L && j === 1 && k === 2);
    this.build(root);
    this.update();
    this.announce();
  }

  // --- the maths: everything the diagram shows, from the twin of nnlib ----------------------

  /** The weight w^[l]_jk of the network now. */
  weight(l, j, k) {
    return this.net.W[l].get(j - 1, k - 1);
  }

  /** Set w^[l]_jk to v, rounded to 0.01 and kept in the weight range. */
  setWeight(l, j, k, v) {
    const [lo, hi] = this.config.weight_range;
    const W = this.net.W[l];
    W.data[(j - 1) * W.cols + (k - 1)] = Math.min(hi, Math.max(lo, Math.round(v * 100) / 100)) || 0;
  }

  /** Everything for the current example and step, as nnlib.viz.delta_rule.delta_view: x, y; per layer
   *  (index l, as the book) W, b, z, a (a[0] = x), delta, dW, db; the cost C_0; which deltas and
   *  gradients the backward pass has found by this step, and which in this very step. */
  compute() {
    const { x, y } = this.config.examples[this.example - 1], net = this.net, L = this.L;
    const X = Matrix.fromRows(x.map((v) => [v]), "x"), Y = Matrix.fromRows(y.map((v) => [v]), "y");
    const trace = net.forwardTrace(X); // (forward)
    const back = net.backward(trace, Y); // (delta-output), (delta-back), (grad-W), (grad-b)
    const column = (M) => (M ? Array.from(M.data) : null);
    const firstDelta = (l) => 2 * (L - l) + 1; // the step at which delta^[l] is found
    const perLayer = (f) => Array.from({ length: L + 1 }, (_, l) => (l ? f(l) : null));
    return {
      example: this.example, step: this.step, x, y,
      W: perLayer((l) => net.W[l].toRows()), b: perLayer((l) => column(net.b[l])),
      z: trace.z.map(column), a: trace.a.map(column), delta: back.delta.map(column),
      dW: back.dW.map((M) => (M ? M.toRows() : null)), db: back.db.map(column),
      cost: net.costFromTrace(trace, Y),
      deltaKnown: perLayer((l) => this.step >= firstDelta(l)), gradKnown: perLayer((l) => this.step >= firstDelta(l) + 1),
      deltaNew: perLayer((l) => this.step === firstDelta(l)), gradNew: perLayer((l) => this.step === firstDelta(l) + 1),
    };
  }

  // --- the texts, as nnlib.viz.delta_rule prints them ---------------------------------------

  /** The lines of a neuron's box (delta_rule.node_texts): x for an input; else b, z, a, (y), delta
   *  (or ?), and once the backward pass reached the layer its bias gradient dC_0/db = delta. */
  nodeLines(v, l, j) {
    if (l === 0) return [`x${"₁₂₃₄₅₆₇₈₉"[j - 1]} = ${v.x[j - 1]}`];
    const lines = [`b = ${fmtWeight(v.b[l][j - 1])}`, `z = ${fmt(v.z[l][j - 1])}`, `a = ${fmt(v.a[l][j - 1])}`];
    if (l === this.L) lines.push(`y = ${v.y[j - 1]}`);
    lines.push(`δ = ${v.deltaKnown[l] ? fmt(v.delta[l][j - 1]) : "?"}`);
    if (v.gradKnown[l]) lines.push(`∂C₀/∂b = ${fmt(v.db[l][j - 1])}`); // (grad-b)
    return lines;
  }

  /** The lines of a weight's label (delta_rule.edge_texts): its value, and dC_0/dw once known. */
  edgeLines(v, l, j, k) {
    const lines = [`w = ${fmtWeight(v.W[l][j - 1][k - 1])}`];
    if (v.gradKnown[l]) lines.push(`∂ = ${fmt(v.dW[l][j - 1][k - 1])}`); // (grad-W)
    return lines;
  }

  /** The weights that differ from the chapter's, as "w[l]jk = v", sorted by name (delta_title). */
  moved() {
    return this.config.layout.edges.filter(([l, j, k]) => this.weight(l, j, k) !== this.chapters.W[l].get(j - 1, k - 1))
      .map(([l, j, k]) => [paramName(l, j, k), l, j, k]).sort((p, q) => (p[0] < q[0] ? -1 : 1));
  }

  // --- the page ----------------------------------------------------------------------------

  build(root) {
    const id = (name) => `${root.id || "nnjs-dr"}-${name}`, c = this.config, [lo, hi] = c.weight_range;
    const examples = c.examples.map(({ x, y }, i) => element("option", { value: i + 1 },
      [`${i + 1}: x = (${x.join(", ")}), y = (${y.join(", ")})`]));
    this.controls = {
      example: element("select", { id: id("example"), name: "example" }, examples),
      step: element("input", { type: "range", id: id("step"), name: "step", min: 0, max: c.steps.length - 1, step: 1 }),
      previous: element("button", { type: "button" }, ["◀ previous step"]),
      next: element("button", { type: "button" }, ["next step ▶"]),
      weight: element("input", { type: "number", id: id("weight"), name: "weight", min: lo, max: hi, step: 0.01,
        required: "" }),
      reset: element("button", { type: "button" }, ["reset the weights"]),
    };
    const k = this.controls;
    this.stepName = element("output", { for: id("step") });
    this.weightLabel = element("label", { for: id("weight") });
    const control = (...children) => element("span", { style: "display: inline-block; margin: 0 1.2em 0.4em 0" }, children);
    this.title = element("p", { class: "nnjs-dr-title", style: "font-weight: 600; margin: 0.3em 0" });
    this.readout = element("p", { class: "nnjs-readout", style: "font-variant-numeric: tabular-nums; margin: 0.3em 0" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.buildDiagram();
    const { positive, negative, new: fresh, known } = c.colours;
    const key = (colour, dash, text) => element("span", { style: "margin-right: 1.2em; white-space: nowrap" }, [
      svg("svg", { width: 30, height: 10, "aria-hidden": "true" }, [svg("line", { x1: 0, y1: 5, x2: 30, y2: 5,
        stroke: colour, "stroke-width": 4, "stroke-dasharray": dash })]), " ", text]);
    root.append(element("div", { class: "nnjs-delta-rule" }, [
      element("style", {}, [FOCUS_CSS]),
      element("p", { class: "nnjs-dr-description", style: "margin: 0.3em 0" }, [
        `The ${c.sizes.join("-")} network of this chapter for one example. Drag a weight's label up or down ` +
        `(or Tab to it and use the arrow keys, Shift for steps of 0.01): every z, a, δ and gradient is recomputed. ` +
        `Step through the backward pass to reveal the errors δ from the output back.`]),
      element("fieldset", {}, [
        element("legend", {}, ["Example, backward step and the selected weight"]),
        control(element("label", { for: id("example") }, ["example"]), " ", k.example),
        control(element("label", { for: id("step") }, ["backward step"]), " ", k.step, " ", this.stepName),
        control(k.previous, " ", k.next),
        control(this.weightLabel, " ", k.weight),
        control(k.reset),
      ]),
      this.title, this.readout, this.status, this.diagram,
      element("p", { style: "font-size: 0.9em; margin: 0.2em 0" }, [
        key(positive, "none", "positive weight"), key(negative, "7 4", "negative weight (dashed; width: its size)"),
        element("span", {}, ["neuron: orange, thick border = δ found in this step; sky blue = δ known; " +
          "white = δ not known yet (?)"]),
      ]),
    ]));
    k.example.addEventListener("change", () => { this.example = Number(k.example.value); this.update(); this.announce(); });
    k.step.addEventListener("input", () => { this.step = Number(k.step.value); this.update(); });
    k.step.addEventListener("change", () => this.announce());
    const move = (d) => { this.step = Math.min(c.steps.length - 1, Math.max(0, this.step + d)); this.update(); this.announce(); };
    k.previous.addEventListener("click", () => move(-1));
    k.next.addEventListener("click", () => move(1));
    k.weight.addEventListener("input", () => this.fromField());
    k.weight.addEventListener("change", () => this.announce());
    k.reset.addEventListener("click", () => { this.net.setParams(c.theta); this.update(); this.announce(); });
  }

  /** The diagram: a line per weight (colour and dash: its sign; width: its size) with a label that
   *  is the weight's handle, a circle per neuron (fill: what the backward pass knows) with its box. */
  buildDiagram() {
    const c = this.config, lay = c.layout, top = Math.max(...lay.y.flat()), bottom = Math.min(...lay.y.flat());
    this.px = (x) => LEFT + x * XS;
    this.py = (y) => TOP + (top - y) * YS;
    const width = 2 * LEFT + (lay.x.at(-1) - lay.x[0]) * XS, height = TOP + (top - bottom) * YS + BOTTOM;
    const names = ["input", "hidden", "output"];
    const neuronName = (l, j) => `${l === 0 ? "input" : l === this.L ? "output" : "hidden"} neuron ${j}`;
    this.lines = [];
    this.handles = [];
    lay.edges.forEach(([l, j, k], e) => {
      const line = svg("line", { x1: this.px(lay.x[l - 1]), y1: this.py(lay.y[l - 1][k - 1]), x2: this.px(lay.x[l]),
        y2: this.py(lay.y[l][j - 1]) });
      const [lx, ly] = lay.label_xy[e];
      const rect = svg("rect", { class: "nnjs-dr-label", x: -LABEL_W / 2, width: LABEL_W, rx: 3, fill: "white",
        "fill-opacity": 0.92, stroke: c.colours.grey, "stroke-width": 0.6 });
      const text = svg("text", { "text-anchor": "middle", "font-size": 12 });
      const handle = svg("g", { class: "nnjs-dr-weight", tabindex: 0, role: "slider", transform:
        `translate(${this.px(lx)}, ${this.py(ly)})`, "aria-valuemin": c.weight_range[0], "aria-valuemax": c.weight_range[1],
        "aria-label": `weight w[${l}]${j}${k}, from ${neuronName(l - 1, k)} to ${neuronName(l, j)}: ` +
          "up and down arrows change it" }, [rect, text]);
      this.lines.push(line);
      this.handles.push({ handle, rect, text, l, j, k });
      this.dragWeight(handle, e);
    });
    this.nodes = [];
    lay.x.forEach((x, l) => lay.y[l].forEach((y, i) => {
      const j = i + 1, cx = this.px(x), cy = this.py(y);
      const circle = svg("circle", { cx, cy, r: NODE_R });
      const box = svg("rect", { x: cx - BOX_W / 2, width: BOX_W, rx: 3, fill: "white", stroke: c.colours.grey });
      const text = svg("text", { "text-anchor": "middle", "font-size": 12.5 });
      const group = svg("g", { role: "img" }, [circle, svg("text", { x: cx, y: cy + 4.5, "text-anchor": "middle",
        "font-size": 13 }, [`${j}`]), box, text]);
      this.nodes.push({ group, circle, box, text, l, j, cx, cy, name: neuronName(l, j) });
    }));
    const layerNames = c.layer_names.map((name, l) => svg("text", { x: this.px(lay.x[l]), y: height - 12,
      "text-anchor": "middle", "font-size": 13, "font-weight": "bold", fill: c.colours.grey }, [name]));
    this.diagram = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "nnjs-dr-diagram",
      role: "group", style: "max-width: 100%; height: auto; display: block", "aria-label":
        `Network diagram, ${names.map((n, l) => `${c.sizes[l]} ${n}`).join(", ")} neurons, drawn left to right; ` +
        "each neuron's box shows its numbers, each weight's label its value and gradient" }, [
      svg("g", {}, this.lines), ...this.nodes.map((n) => n.group), ...this.handles.map((h) => h.handle), ...layerNames,
    ]);
  }

  /** A weight's label: dragged up or down, or moved by the arrow keys (Shift: 0.01), it changes the weight. */
  dragWeight(handle, e) {
    const [l, j, k] = this.config.layout.edges[e];
    handle.addEventListener("focus", () => this.select(e));
    handle.addEventListener("pointerdown", (event) => {
      handle.setPointerCapture(event.pointerId);
      this.drag = { y: event.clientY, w: this.weight(l, j, k) };
      handle.focus();
      event.preventDefault();
    });
    handle.addEventListener("pointermove", (event) => {
      if (!this.drag) return;
      this.setWeight(l, j, k, this.drag.w + (this.drag.y - event.clientY) / PX_PER_UNIT);
      this.update();
    });
    const stop = () => { if (this.drag) { this.drag = null; this.announce(); } };
    handle.addEventListener("pointerup", stop);
    handle.addEventListener("pointercancel", stop);
    handle.addEventListener("keydown", (event) => {
      const [lo, hi] = this.config.weight_range, w = this.weight(l, j, k), d = event.shiftKey ? 0.01 : 0.1;
      const to = { ArrowUp: w + d, ArrowRight: w + d, ArrowDown: w - d, ArrowLeft: w - d, Home: lo, End: hi }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      this.setWeight(l, j, k, to);
      this.update();
      this.announce();
    });
  }

  /** Make weight e the one the number field shows and sets. */
  select(e) {
    this.selected = e;
    this.update();
  }

  /** The number field changed: set the selected weight, or say why not. */
  fromField() {
    const input = this.controls.weight, [l, j, k] = this.config.layout.edges[this.selected];
    if (!input.checkValidity() || input.value === "") {
      this.say(`w[${l}]${j}${k}: ${input.validationMessage || "enter a number"} (from ${input.min} to ${input.max}). ` +
        "The figure was not changed.");
      return;
    }
    this.setWeight(l, j, k, Number(input.value));
    this.update({ keepField: true });
  }

  /** The title (delta_rule.delta_title: the example, the moved weights and C_0; the step and what it
   *  does), as HTML with the step's note; and the readout's text for the selected weight. */
  texts(v) {
    const moved = this.moved().map(([, l, j, k]) => `w<sup>[${l}]</sup><sub>${j}${k}</sub> = ${this.weight(l, j, k)}`);
    const head = `example ${v.example}: x = (${v.x.join(", ")}), y = (${v.y.join(", ")})` +
      (moved.length ? `;  ${moved.join(", ")}` : "") + `;  C₀ = ${fmt(v.cost)}`;
    const steps = this.config.steps;
    const title = `${head}<br>step ${v.step} of ${steps.length - 1}: ${steps[v.step].note}`;
    const [l, j, k] = this.config.layout.edges[this.selected];
    const grad = v.gradKnown[l] ? `∂C₀/∂w = ${fmt(v.dW[l][j - 1][k - 1])}` : "∂C₀/∂w not known yet at this step";
    const deltas = [];
    for (let m = this.L; m >= 1; m--) {
      deltas.push(`δ[${m}] = ${v.deltaKnown[m] ? `(${v.delta[m].map(fmt).join(", ")})` : "?"}`);
    }
    return { title, readout: `Selected w[${l}]${j}${k} = ${fmtWeight(this.weight(l, j, k))}: ${grad}. ${deltas.join(", ")}.` };
  }

  /** Recompute and redraw everything in place. keepField: leave the number field as typed. */
  update({ keepField = false } = {}) {
    const v = (this.state = this.compute()), c = this.config, col = c.colours, { min, max, scale } = c.widths;
    const k = this.controls, steps = c.steps;
    k.example.value = String(this.example);
    k.step.value = String(this.step);
    k.step.setAttribute("aria-valuetext", `step ${this.step} of ${steps.length - 1}: ${steps[this.step].name}`);
    this.stepName.textContent = `${this.step} of ${steps.length - 1}: ${steps[this.step].name}`;
    k.previous.disabled = this.step === 0;
    k.next.disabled = this.step === steps.length - 1;
    const [sl, sj, sk] = c.layout.edges[this.selected];
    this.weightLabel.replaceChildren("selected weight w", element("sup", {}, [`[${sl}]`]), element("sub", {}, [`${sj}${sk}`]));
    if (!keepField) k.weight.value = String(this.weight(sl, sj, sk));
    this.handles.forEach(({ handle, rect, text, l, j, k: kk }, e) => {
      const w = this.weight(l, j, kk), line = this.lines[e];
      line.setAttribute("stroke", w >= 0 ? col.positive : col.negative);
      line.setAttribute("stroke-width", Math.round((min + (max - min) * Math.min(1, Math.abs(w) / scale)) * 100) / 100);
      line.setAttribute("stroke-dasharray", w >= 0 ? "none" : "7 4");
      const lines = this.edgeLines(v, l, j, kk);
      this.setLines(text, lines, -(lines.length * LINE_H) / 2 + 11, (i) => (i === 1 && v.gradNew[l] ? "bold" : "normal"));
      text.setAttribute("fill", v.gradKnown[l] ? "#222222" : col.grey);
      const h = lines.length * LINE_H + 4;
      rect.setAttribute("y", -h / 2);
      rect.setAttribute("height", h);
      handle.classList.toggle("nnjs-dr-selected", e === this.selected);
      handle.setAttribute("aria-valuenow", w);
      handle.setAttribute("aria-valuetext", lines.join(", "));
    });
    for (const { group, circle, box, text, l, j, cx, cy, name } of this.nodes) {
      const fill = l === 0 ? col.input : v.deltaNew[l] ? col.new : v.deltaKnown[l] ? col.known : col.unknown;
      circle.setAttribute("fill", fill);
      circle.setAttribute("stroke", l > 0 && v.deltaNew[l] ? "#000" : col.grey);
      circle.setAttribute("stroke-width", l > 0 && v.deltaNew[l] ? 3.5 : 1.5);
      const lines = this.nodeLines(v, l, j), h = lines.length * LINE_H + 6, y0 = cy - NODE_R - 3 - h;
      box.setAttribute("y", y0);
      box.setAttribute("height", h);
      this.setLines(text, lines, y0 + 15, (i) => (lines[i].startsWith("δ") ? "bold" : "normal"), cx);
      group.setAttribute("aria-label", `${name}: ${lines.join(", ")}`);
    }
    const texts = this.texts(v);
    this.title.innerHTML = texts.title;
    this.readout.textContent = texts.readout;
  }

  /** Put lines into an SVG text, one tspan each, the first at y; weight(i): its font weight. */
  setLines(text, lines, y, weight, x = 0) {
    text.replaceChildren(...lines.map((line, i) => svg("tspan", { x, y: y + i * LINE_H, "font-weight": weight(i) },
      [line])));
  }

  say(text) {
    this.readout.textContent = text;
    this.status.textContent = text;
  }

  /** Screen readers hear the title and the readout when a change ends (not at every pointer move of a drag). */
  announce() {
    this.status.textContent = `${this.title.textContent} ${this.readout.textContent}`;
  }
}

/** Build the explorer into root from the JSON config nnlib wrote; returns it (root.deltaRule too). */
export function mountDeltaRule(root, config) {
  root.deltaRule = new DeltaRule(root, config);
  return root.deltaRule;
}
