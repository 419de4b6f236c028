// The graphs chapter's explorer (issue 14), computed live in the page: a computational graph drawn
// left to right, each box a node with its value and, once the backward pass has reached it, its
// gradient d(root)/d(node); each arrow the local derivative d(child)/d(parent). The reader sets the
// inputs (drag an input's box up or down, the arrow keys on it, its slider or its number field) and
// steps through the backward pass (step slider, back / step / reset buttons). Plain DOM and SVG: the
// same module runs in the HTML book and in a JupyterLab output.
//
// The numbers are computed here as nnlib.autodiff.Value computes them: the forward pass records each
// operation's local derivatives (eq. (graph-local)), and the backward pass visits the nodes from the
// output back, adding local * grad(child) to each parent's grad (eq. (graph-backward)).
// nnlib/viz/graphs.py (explorer_config) writes the graph's nodes, edges, layout, the steps of the
// backward pass and the texts; tests/browser/test_graph_explorer.py checks every number against
// nnlib.viz.graphs.graph_view and every text against node_texts, edge_texts and explorer_title.

import { getActivation } from "./activations.js";
import { HIDDEN_STYLE, element, pythonG, svg } from "./dom.js";

const XS = 128, YS = 118, MARGIN = 20, TOP = 36; // px per column and per row, margins
const BOX_W = 92, BOX_H = 62, LINE_H = 18, FONT_PX = 16; // a node's box and its text (at least 13 px)
const PX_PER_UNIT = 40; // dragging an input's box this far up raises it by 1
const CSS = ".nnjs-gx-input { cursor: ns-resize; touch-action: none; }" +
  " .nnjs-gx-input:focus { outline: 3px dashed #000; outline-offset: 3px; }" +
  " .nnjs-gx fieldset input[type=number] { width: 6em; }";

/** How the chapter's figures print a number, as nnlib.viz.graphs.fmt: 4 significant digits, no "-0". */
export const fmt = (x) => pythonG(x, 4);

const sigmoid = getActivation("sigmoid").g;

/** Each operation of nnlib.autodiff.Value: its result and its local derivatives d(result)/d(operand),
 *  from the operands' values (eq. (graph-local)). */
const OPS = {
  "+": ([a, b]) => [a + b, [1, 1]],
  "-": ([a, b]) => [a - b, [1, -1]],
  "*": ([a, b]) => [a * b, [b, a]],
  "/": ([a, b]) => [a / b, [1 / b, -a / b / b]],
  neg: ([a]) => [-a, [-1]],
  sigmoid: ([a]) => { const s = sigmoid(a); return [s, [s * (1 - s)]]; },
  tanh: ([a]) => { const t = Math.tanh(a); return [t, [1 - t * t]]; },
  relu: ([a]) => [a > 0 ? a : 0, [a > 0 ? 1 : 0]],
  exp: ([a]) => { const e = Math.exp(a); return [e, [e]]; },
  log: ([a]) => [Math.log(a), [1 / a]],
};

/** The operation called op ("**2": a power), as OPS gives them. */
function operation(op) {
  if (op.startsWith("**")) {
    const n = Number(op.slice(2));
    return ([a]) => [a ** n, [n !== 0 ? n * a ** (n - 1) : 0]];
  }
  if (!Object.hasOwn(OPS, op)) throw new Error(`unknown operation ${JSON.stringify(op)} in the graph`);
  return OPS[op];
}

export class GraphExplorer {
  /**
   * root: the element to build into. config (nnlib/viz/graphs.py, explorer_config): what (the
   * expression, for texts); description; nodes [{name, label, title, op, value}] in topological order (the
   * output last; value: a leaf's starting value); edges [[parent, child]] grouped by child, in the
   * order of each node's operands; inputs [{node, name, label, min, max}]; heading: the nodes whose
   * values the title shows; steps [{known, new, active, note}] (node and edge indices); start
   * {step}; layout {x, y} in columns and rows; colours {new, known, unknown, active, edge, grey}.
   */
  constructor(root, config) {
    this.config = config;
    this.ops = config.nodes.map((n) => (n.op ? operation(n.op) : null));
    this.parents = config.nodes.map((_, i) => config.edges.flatMap(([p, c], e) => (c === i ? [[p, e]] : [])));
    this.start = config.inputs.map((inp) => config.nodes[inp.node].value);
    this.inputs = [...this.start];
    this.step = config.start.step;
    this.build(root);
    this.update();
    this.announce();
  }

  // --- the maths: as nnlib.autodiff.Value -----------------------------------------------------

  /** Values, local derivatives (per edge) and gradients d(output)/d(node) for the inputs now. */
  compute() {
    const c = this.config, n = c.nodes.length, values = c.nodes.map((node) => node.value);
    c.inputs.forEach((inp, k) => { values[inp.node] = this.inputs[k]; });
    const local = new Array(c.edges.length).fill(0);
    for (let i = 0; i < n; i++) { // forward, parents first (eq. (graph-local))
      if (!this.ops[i]) continue;
      const [value, d] = this.ops[i](this.parents[i].map(([p]) => values[p]));
      values[i] = value;
      this.parents[i].forEach(([, e], k) => { local[e] = d[k]; });
    }
    const grads = new Array(n).fill(0);
    grads[n - 1] = 1; // d(output)/d(output)
    for (let i = n - 1; i >= 0; i--) { // backward, each node after every node that uses it (graph-backward)
      for (const [p, e] of this.parents[i]) grads[p] += local[e] * grads[i];
    }
    return { values, local, grads, step: this.step, inputs: [...this.inputs] };
  }

  // --- the texts, as nnlib.viz.graphs prints them ----------------------------------------------

  /** A box's lines (graphs.node_texts): its value, "grad", its gradient or "?". */
  nodeLines(v, i) {
    return [fmt(v.values[i]), "grad", this.config.steps[v.step].known.includes(i) ? fmt(v.grads[i]) : "?"];
  }

  /** An arrow's label (graphs.edge_texts): ×4, ×(-0.6815). */
  static edgeText(d) {
    const t = fmt(d);
    return t.startsWith("-") ? `×(${t})` : `×${t}`;
  }

  /** The title (graphs.explorer_title): the inputs, the heading's values; the step and what it does. */
  title(v) {
    const c = this.config, last = c.steps.length - 1;
    const inputs = c.inputs.map((inp, k) => `${inp.name} = ${fmt(v.inputs[k])}`).join(", ");
    const heading = c.heading.map((i) => `${c.nodes[i].title} = ${fmt(v.values[i])}`).join(",  ");
    return [`${inputs}:  ${heading}`, `backward step ${v.step} of ${last}: ${c.steps[v.step].note}`];
  }

  /** The readout: the inputs, the output and the inputs' gradients known at this step. */
  readoutText(v) {
    const c = this.config, known = c.steps[v.step].known, out = c.nodes.length - 1;
    const grads = c.inputs.filter((inp) => known.includes(inp.node))
      .map((inp) => `∂${c.nodes[out].label}/∂${c.nodes[inp.node].label} = ${fmt(v.grads[inp.node])}`);
    return `${c.inputs.map((inp, k) => `${inp.name} = ${fmt(v.inputs[k])}`).join(", ")}; ` +
      `${c.nodes[out].label} = ${fmt(v.values[out])}. ` +
      (grads.length ? `${grads.join(", ")}.` : "No gradient of an input known yet.");
  }

  // --- the page ----------------------------------------------------------------------------------

  build(root) {
    const c = this.config, id = (name) => `${root.id || "nnjs-gx"}-${name}`, last = c.steps.length - 1;
    this.fields = c.inputs.map((inp, k) => ({
      range: element("input", { type: "range", id: id(`${k}-range`), min: inp.min, max: inp.max, step: "any" }),
      number: element("input", { type: "number", id: id(`${k}-number`), min: inp.min, max: inp.max, step: "any",
        required: "" }),
    }));
    this.controls = {
      step: element("input", { type: "range", id: id("step"), min: 0, max: last, step: 1 }),
      back: element("button", { type: "button" }, ["◀ back"]),
      forward: element("button", { type: "button" }, ["step ▶"]),
      reset: element("button", { type: "button" }, ["reset the backward pass"]),
      restore: element("button", { type: "button" }, ["the chapter's inputs"]),
    };
    const k = this.controls, control = (...children) => element("span", {
      style: "display: inline-block; margin: 0 1.2em 0.4em 0; white-space: nowrap" }, children);
    this.stepName = element("output", { for: id("step") });
    this.heading = element("p", { class: "nnjs-gx-title", style: "font-weight: 600; margin: 0.3em 0" });
    this.readout = element("p", { class: "nnjs-readout", style: "font-variant-numeric: tabular-nums; margin: 0.3em 0" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.buildDiagram();
    const { new: fresh, known, unknown, active } = c.colours;
    const swatch = (fill, stroke, width) => svg("svg", { width: 22, height: 14, "aria-hidden": "true" }, [
      svg("rect", { x: 1, y: 1, width: 20, height: 12, fill, stroke, "stroke-width": width })]);
    const key = (...children) => element("span", { style: "margin-right: 1.2em; white-space: nowrap" }, children);
    root.append(element("div", { class: "nnjs-gx" }, [
      element("style", {}, [CSS]),
      element("p", { class: "nnjs-gx-description", style: "margin: 0.3em 0" }, [c.description]),
      element("fieldset", {}, [
        element("legend", {}, ["Inputs and the backward step"]),
        ...c.inputs.map((inp, i) => control(element("label", { for: this.fields[i].range.id }, [inp.label]), " ",
          this.fields[i].range, " ", element("label", { for: this.fields[i].number.id, style: HIDDEN_STYLE },
            [`${inp.label}, typed`]), this.fields[i].number)),
        element("br"),
        control(element("label", { for: id("step") }, ["backward step"]), " ", k.step, " ", this.stepName),
        control(k.back, " ", k.forward, " ", k.reset, " ", k.restore),
      ]),
      this.heading, this.readout, this.status, this.diagram,
      element("p", { style: "font-size: 0.9em; margin: 0.2em 0" }, [
        key(swatch(fresh, "#000", 3), " gradient found in this step (thick border)"),
        key(swatch(known, c.colours.grey, 1), " gradient known"),
        key(swatch(unknown, c.colours.grey, 1), " not known yet (?)"),
        key(svg("svg", { width: 30, height: 10, "aria-hidden": "true" }, [svg("line", { x1: 0, y1: 5, x2: 30, y2: 5,
          stroke: active, "stroke-width": 5, "stroke-dasharray": "8 4" })]), " the gradient flows back along it now"),
      ]),
    ]));
    this.fields.forEach(({ range, number }, i) => {
      range.addEventListener("input", () => this.setInput(i, Number(range.value)));
      range.addEventListener("change", () => this.announce());
      number.addEventListener("input", () => this.fromField(i));
      number.addEventListener("change", () => this.announce());
    });
    const goTo = (s) => { this.step = Math.min(last, Math.max(0, s)); this.update(); this.announce(); };
    k.step.addEventListener("input", () => { this.step = Number(k.step.value); this.update(); });
    k.step.addEventListener("change", () => this.announce());
    k.back.addEventListener("click", () => goTo(this.step - 1));
    k.forward.addEventListener("click", () => goTo(this.step + 1));
    k.reset.addEventListener("click", () => goTo(0));
    k.restore.addEventListener("click", () => { this.inputs = [...this.start]; this.update(); this.announce(); });
  }

  /** The graph: an arrow per edge with its local derivative, a box per node; inputs' boxes are handles. */
  buildDiagram() {
    const c = this.config, { x, y } = c.layout, top = Math.max(...y), bottom = Math.min(...y);
    const px = (i) => MARGIN + BOX_W / 2 + x[i] * XS, py = (i) => TOP + BOX_H / 2 + (top - y[i]) * YS;
    const width = 2 * MARGIN + BOX_W + Math.max(...x) * XS, height = TOP + BOX_H + (top - bottom) * YS + 16;
    const inputOf = new Map(c.inputs.map((inp, k) => [inp.node, k]));
    this.edges = c.edges.map(([p, ch]) => {
      const x0 = px(p) + BOX_W / 2, y0 = py(p), x1 = px(ch) - BOX_W / 2, y1 = py(ch);
      const flow = svg("line", { x1: x0, y1: y0, x2: x1, y2: y1, stroke: c.colours.active, "stroke-width": 7,
        "stroke-dasharray": "8 4", opacity: 0.7 });
      const line = svg("line", { x1: x0, y1: y0, x2: x1 - 2, y2: y1, stroke: c.colours.edge, "stroke-width": 1.5,
        "marker-end": `url(#${this.markerId})` });
      const below = y0 === y1 ? BOX_H / 2 + 12 : 0; // a level arrow's label goes below the boxes' middle
      const label = svg("text", { x: (x0 + x1) / 2, y: (y0 + y1) / 2 + below + 5, "text-anchor": "middle",
        "font-size": FONT_PX, fill: c.colours.edge_text, stroke: "white", "stroke-width": 4, "paint-order": "stroke" });
      return { flow, line, label, p, ch };
    });
    this.boxes = c.nodes.map((node, i) => {
      const cx = px(i), cy = py(i);
      const rect = svg("rect", { class: "nnjs-gx-box", x: cx - BOX_W / 2, y: cy - BOX_H / 2, width: BOX_W,
        height: BOX_H, rx: 4 });
      const text = svg("text", { "text-anchor": "middle", "font-size": FONT_PX });
      const title = svg("text", { x: cx, y: cy - BOX_H / 2 - 6, "text-anchor": "middle", "font-size": FONT_PX,
        "font-weight": "bold" }, [node.title]);
      const k = inputOf.get(i), handle = k !== undefined;
      if (handle) title.append(" ↕"); // the boxes one can drag
      const group = svg("g", handle ? { class: "nnjs-gx-input", tabindex: 0, role: "slider",
        "aria-valuemin": c.inputs[k].min, "aria-valuemax": c.inputs[k].max,
        "aria-label": `input ${c.inputs[k].name}: drag up or down, or use the arrow keys (Shift: steps of 0.01)` }
        : { role: "img" }, [rect, title, text]);
      if (handle) this.dragInput(group, k);
      return { group, rect, text, cx, cy, input: k };
    });
    this.diagram = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "nnjs-gx-diagram",
      role: "group", style: "max-width: 100%; height: auto; display: block",
      "aria-label": `Computational graph of ${c.what}, drawn left to right from the inputs to the output; each box ` +
        "shows its value and its gradient, each arrow its local derivative" }, [
      svg("defs", {}, [svg("marker", { id: this.markerId, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 8,
        markerHeight: 8, orient: "auto-start-reverse" }, [svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: c.colours.edge })])]),
      ...this.edges.map((e) => e.flow), ...this.edges.map((e) => e.line), ...this.boxes.map((b) => b.group),
      ...this.edges.map((e) => e.label),
    ]);
  }

  get markerId() {
    this._marker ??= `nnjs-gx-arrow-${Math.random().toString(36).slice(2, 10)}`;
    return this._marker;
  }

  /** An input's box: dragged up or down, or moved by the arrow keys (Shift: 0.01), it sets the input. */
  dragInput(group, k) {
    const { min, max } = this.config.inputs[k];
    group.addEventListener("pointerdown", (event) => {
      group.setPointerCapture(event.pointerId);
      this.drag = { y: event.clientY, value: this.inputs[k] };
      group.focus();
      event.preventDefault();
    });
    group.addEventListener("pointermove", (event) => {
      if (this.drag) this.setInput(k, this.drag.value + (this.drag.y - event.clientY) / PX_PER_UNIT);
    });
    const stop = () => { if (this.drag) { this.drag = null; this.announce(); } };
    group.addEventListener("pointerup", stop);
    group.addEventListener("pointercancel", stop);
    group.addEventListener("keydown", (event) => {
      const v = this.inputs[k], d = event.shiftKey ? 0.01 : 0.1;
      const to = { ArrowUp: v + d, ArrowRight: v + d, ArrowDown: v - d, ArrowLeft: v - d, Home: min, End: max }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      this.setInput(k, to);
      this.announce();
    });
  }

  /** Set input k to v, kept in its range, and redraw. keepField: leave its number field as typed. */
  setInput(k, v, { keepField = false } = {}) {
    const { min, max } = this.config.inputs[k];
    this.inputs[k] = Math.min(max, Math.max(min, v)) || 0;
    this.update({ keepField: keepField ? k : -1 });
  }

  /** Input k's number field changed: set the input, or say why not. */
  fromField(k) {
    const input = this.fields[k].number;
    if (!input.checkValidity() || input.value === "") {
      this.say(`${this.config.inputs[k].name}: ${input.validationMessage || "enter a number"} ` +
        `(from ${input.min} to ${input.max}). The figure was not changed.`);
      return;
    }
    this.setInput(k, Number(input.value), { keepField: true });
  }

  /** Recompute and redraw everything in place. keepField: the input whose number field is left as typed. */
  update({ keepField = -1 } = {}) {
    const v = (this.state = this.compute()), c = this.config, col = c.colours, s = c.steps[this.step];
    const last = c.steps.length - 1, k = this.controls;
    this.fields.forEach(({ range, number }, i) => {
      range.value = String(v.inputs[i]);
      range.setAttribute("aria-valuetext", `${c.inputs[i].name} = ${fmt(v.inputs[i])}`);
      if (i !== keepField) number.value = String(v.inputs[i]);
    });
    k.step.value = String(this.step);
    k.step.setAttribute("aria-valuetext", `step ${this.step} of ${last}: ${s.note}`);
    this.stepName.textContent = `${this.step} of ${last}`;
    k.back.disabled = this.step === 0;
    k.forward.disabled = this.step === last;
    this.edges.forEach(({ flow, label }, e) => {
      flow.setAttribute("visibility", s.active.includes(e) ? "visible" : "hidden");
      label.textContent = GraphExplorer.edgeText(v.local[e]);
    });
    this.boxes.forEach(({ group, rect, text, cx, cy, input }, i) => {
      const isNew = s.new.includes(i), known = s.known.includes(i);
      rect.setAttribute("fill", isNew ? col.new : known ? col.known : col.unknown);
      rect.setAttribute("stroke", isNew ? "#000" : col.grey);
      rect.setAttribute("stroke-width", isNew ? 3 : 1.5);
      const lines = this.nodeLines(v, i);
      text.replaceChildren(...lines.map((line, j) => svg("tspan", { x: cx, y: cy - LINE_H + 5 + j * LINE_H }, [line])));
      const said = `${c.nodes[i].title}: value ${lines[0]}, gradient ${known ? lines[2] : "not known yet"}`;
      if (input !== undefined) {
        group.setAttribute("aria-valuenow", v.inputs[input]);
        group.setAttribute("aria-valuetext", said);
      } else {
        group.setAttribute("aria-label", said);
      }
    });
    const [head, step] = this.title(v);
    this.heading.replaceChildren(head, element("br"), step);
    this.readout.textContent = this.readoutText(v);
  }

  say(text) {
    this.readout.textContent = text;
    this.status.textContent = text;
  }

  /** Screen readers hear the step and the readout when a change ends (not at every pointer move). */
  announce() {
    this.status.textContent = `${this.heading.lastChild.textContent} ${this.readout.textContent}`;
  }
}

/** Build the explorer into root from the JSON config nnlib wrote; returns it (root.graphExplorer too). */
export function mountGraphExplorer(root, config) {
  root.graphExplorer = new GraphExplorer(root, config);
  return root.graphExplorer;
}
