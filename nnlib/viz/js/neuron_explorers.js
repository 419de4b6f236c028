// Two live explorers of the one-neuron cost surface C(w, b) (issue 14), built on the cost-surface
// explorer (cost_surface.js: its contour map with a draggable point, its fit of the students):
// - NeuronExplorer, the pipeline chapter's: the reader sets w and b (drags the point on the small
//   (w, b) map, moves it with the arrow keys, or uses the sliders and number fields) and sees the
//   neuron's curve over the eight students, its outputs, the cost and its two partial derivatives;
// - DescentExplorer, the gradient-descent chapter's: the reader sets the learning rate (log
//   slider or typed) and the start (dragged on the contour map, or one of four named starts) and
//   walks the path of gradient descent step by step (step slider, Play, Pause, Step), with the
//   cost at each step.
// Every number comes from the twin of nnlib (network.js): Network([1, 1]) with a sigmoid output and
// the quadratic cost; a step is theta <- theta - eta grad C (eq. (update)), as nnlib.descent.descent_path.
// Python writes the data, windows and colours into the config (nnlib/viz/pipeline.py,
// nnlib/viz/gradient_descent.py); tests/browser/test_neuron_explorers.py checks every number.

import { CostSurface, FOCUS_CSS, fmt } from "./cost_surface.js";
import { HIDDEN_STYLE, element, pythonG, svg } from "./dom.js";

const COST_W = 320, COST_H = 200, PAD = 36;
const PLAY_MS = 250; // one step of the path per this many milliseconds while playing
const CONTROL_STYLE = "display: inline-block; margin: 0 1.2em 0.4em 0";

/** Python's f"{x:.4f}" (the pipeline's title prints the cost and its partial derivatives so). */
const f4 = (x) => (Object.is(x, -0) ? "-" : "") + x.toFixed(4);

/** A labelled control: the text, then the input. */
const labelled = (text, input) => element("span", { style: CONTROL_STYLE },
  [element("label", { for: input.id }, [text]), " ", input]);

/** Put the point's dot, its focus ring and its slider attributes at (w, b). */
function placePoint(explorer, w, b, valuetext) {
  const x = explorer.toX(w), y = explorer.toY(b);
  for (const c of [explorer.dot, explorer.ring]) {
    c.setAttribute("cx", x);
    c.setAttribute("cy", y);
  }
  explorer.handle.setAttribute("aria-valuenow", w);
  explorer.handle.setAttribute("aria-valuetext", valuetext);
}

/** The first number field (in order) whose value is empty or invalid, named with its range in a
 *  sentence for the readout; null if all are valid. */
function invalidField(fields) {
  const bad = fields.find((input) => !input.checkValidity() || input.value === "");
  return bad && `${bad.labels[0].textContent}: ${bad.validationMessage || "enter a number"} ` +
    `(from ${bad.min} to ${bad.max}). The figure was not changed.`;
}

// ---------------------------------------------------------------------------------------------
// The pipeline chapter: try w and b
// ---------------------------------------------------------------------------------------------

export class NeuronExplorer extends CostSurface {
  /** Move the point to (w, b) (kept in the window) and redraw the curve, the outputs and the numbers. */
  set(w, b) {
    const [w0, w1] = this.config.w_range, [b0, b1] = this.config.b_range;
    this.w = Math.min(w1, Math.max(w0, w));
    this.b = Math.min(b1, Math.max(b0, b));
    this.state = this.point(this.w, this.b);
    this.draw();
  }

  build(root) {
    const id = (name) => `${root.id || "nnjs-neuron"}-${name}`, s = this.config.start;
    const inputs = (name, value, [min, max]) => ({
      range: element("input", { type: "range", id: id(`${name}-range`), min, max, step: 0.01, value }),
      number: element("input", { type: "number", id: id(name), min, max, step: "any", value, required: "" }),
    });
    const c = (this.controls = { w: inputs("w", s.w, this.config.w_range), b: inputs("b", s.b, this.config.b_range) });
    this.readout = element("p", { class: "nnjs-readout", style: "font-variant-numeric: tabular-nums" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.buildMap();
    this.arrow.setAttribute("visibility", "hidden"); // the pipeline shows the partial derivatives as numbers
    this.fit = svg("svg", { width: 320, height: 200, role: "img" });
    root.append(element("div", { class: "nnjs-neuron-explorer" }, [
      element("style", {}, [FOCUS_CSS]),
      element("p", {}, [this.config.description]),
      element("fieldset", {}, [
        element("legend", {}, ["The neuron's weight w and bias b"]),
        labelled("weight w (slider)", c.w.range), labelled("weight w", c.w.number), element("br"),
        labelled("bias b (slider)", c.b.range), labelled("bias b", c.b.number),
      ]),
      this.readout, this.status,
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start" },
        [this.fit, this.mapBox]),
    ]));
    for (const name of ["w", "b"]) {
      c[name].range.addEventListener("input", () => this.fromSliders());
      c[name].number.addEventListener("input", () => this.fromFields());
      for (const input of [c[name].range, c[name].number]) input.addEventListener("change", () => this.announce());
    }
  }

  /** A drag or an arrow key: the point to (w, b), rounded to 0.01, shown in every control. */
  moveTo(w, b) {
    const round = (v) => Math.round(v * 100) / 100;
    this.set(round(w), round(b));
    this.showInControls({ range: true, number: true });
  }

  showInControls(which) {
    for (const [name, v] of [["w", this.w], ["b", this.b]]) {
      for (const kind of ["range", "number"]) if (which[kind]) this.controls[name][kind].value = String(v);
    }
  }

  fromSliders() {
    this.set(Number(this.controls.w.range.value), Number(this.controls.b.range.value));
    this.showInControls({ number: true });
  }

  fromFields() {
    const problem = invalidField([this.controls.w.number, this.controls.b.number]);
    if (problem) {
      this.say(problem);
      return;
    }
    this.set(Number(this.controls.w.number.value), Number(this.controls.b.number.value));
    this.showInControls({ range: true });
  }

  /** The readout: as the chapter's figure titles it (nnlib.viz.neuron._title). */
  text() {
    const p = this.state;
    return `w = ${pythonG(p.w)}, b = ${pythonG(p.b)}:  cost C = ${f4(p.cost)},  ∂C/∂w = ${f4(p.dC_dw)},  ` +
      `∂C/∂b = ${f4(p.dC_db)}`;
  }

  draw() {
    const p = this.state;
    this.readout.textContent = this.text();
    placePoint(this, p.w, p.b, `w = ${pythonG(p.w)}, b = ${pythonG(p.b)}, cost ${f4(p.cost)}`);
    this.drawFit(p);
  }
}

/** Build the pipeline's explorer into root from nnlib's config; returns it (root.explorer too). */
export function mountNeuronExplorer(root, config) {
  root.explorer = new NeuronExplorer(root, config);
  return root.explorer;
}

// ---------------------------------------------------------------------------------------------
// The gradient-descent chapter: the path from a start with a learning rate, step by step
// ---------------------------------------------------------------------------------------------

export class DescentExplorer extends CostSurface {
  /** The path of gradient descent from (w0, b0) with learning rate lr, as nnlib.descent.descent_path
   *  records it: theta_k, C(theta_k) and |grad C(theta_k)| for k = 0..steps, stopping early (diverged)
   *  if the cost or the gradient stops being finite. */
  descend(w0, b0, lr) {
    const net = this.pathNet, w = [], b = [], costs = [], gradNorms = [];
    let theta = [w0, b0], diverged = false;
    for (let k = 0; ; k++) {
      net.setParams(theta);
      const C = net.cost(this.X, this.Y), grad = net.gradient(this.X, this.Y);
      if (k > 0 && !(Number.isFinite(C) && grad.every(Number.isFinite))) { diverged = true; break; }
      w.push(theta[0]);
      b.push(theta[1]);
      costs.push(C);
      gradNorms.push(Math.hypot(grad[0], grad[1]));
      if (k === this.config.steps) break;
      theta = [theta[0] - lr * grad[0], theta[1] - lr * grad[1]]; // eq. (update)
      if (!theta.every(Number.isFinite)) { diverged = true; break; }
    }
    const below = costs.findIndex((c) => c <= this.config.threshold);
    return { lr, w, b, costs, gradNorms, diverged, stepsTaken: costs.length - 1, stepsTo: below < 0 ? null : below };
  }

  /** Start at (w0, b0) (kept in the window), learning rate lr, showing step k (at most the last). */
  set(w0, b0, lr = this.lr, k = this.k ?? this.config.start.k) {
    const [wa, wb] = this.config.w_range, [ba, bb] = this.config.b_range;
    this.w = Math.min(wb, Math.max(wa, w0));
    this.b = Math.min(bb, Math.max(ba, b0));
    this.lr = lr;
    this.path = this.descend(this.w, this.b, lr);
    this.k = Math.min(Math.max(0, Math.round(k)), this.path.stepsTaken);
    this.draw();
  }

  /** What the chapter's descent_view shows: the path up to step k and the numbers at step k. */
  get view() {
    const p = this.path, k = this.k;
    return { lr: this.lr, w0: this.w, b0: this.b, steps: this.config.steps, k, w: p.w.slice(0, k + 1),
      b: p.b.slice(0, k + 1), costs: p.costs.slice(0, k + 1), grad_norm: p.gradNorms[k],
      steps_to_threshold: p.stepsTo };
  }

  build(root) {
    const id = (name) => `${root.id || "nnjs-descent"}-${name}`, cfg = this.config, s = cfg.start;
    const [lo, hi] = cfg.lr_range;
    const c = (this.controls = {
      lrRange: element("input", { type: "range", id: id("lr-range"), min: Math.log10(lo), max: Math.log10(hi),
        step: 0.01, value: Math.log10(s.lr) }),
      lr: element("input", { type: "number", id: id("lr"), min: lo, max: hi, step: "any", value: s.lr, required: "" }),
      k: element("input", { type: "range", id: id("k"), min: 0, max: cfg.steps, step: 1, value: s.k }),
      play: element("button", { type: "button" }, ["Play"]),
      pause: element("button", { type: "button" }, ["Pause"]),
      step: element("button", { type: "button" }, ["Step"]),
    });
    this.startButtons = Object.entries(cfg.starts).map(([name, [w, b]]) => {
      const button = element("button", { type: "button" }, [`start ${name} (${pythonG(w)}, ${pythonG(b)})`]);
      button.addEventListener("click", () => { this.moveTo(w, b); this.announce(); });
      return button;
    });
    this.readout = element("p", { class: "nnjs-readout", style: "font-variant-numeric: tabular-nums" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.buildMap();
    this.arrow.setAttribute("visibility", "hidden"); // the path shows where the steps go
    const col = cfg.colours;
    this.now = svg("path", { fill: "white", stroke: "#000", "stroke-width": 2 }); // seen on dark and pale ground
    this.map.insertBefore(this.now, this.handle);
    this.handle.setAttribute("aria-label",
      "the start (w₀, b₀): left and right arrows change w₀, up and down change b₀");
    this.costs = svg("svg", { width: COST_W, height: COST_H, role: "img" });
    root.append(element("div", { class: "nnjs-descent-explorer" }, [
      element("style", {}, [FOCUS_CSS]),
      element("p", {}, [cfg.description]),
      element("fieldset", {}, [
        element("legend", {}, ["Learning rate, start and step"]),
        labelled("learning rate η (log scale)", c.lrRange), labelled("learning rate η", c.lr), element("br"),
        element("span", { role: "group", "aria-label": "named starts", style: CONTROL_STYLE }, this.startButtons),
        element("br"),
        labelled("step k", c.k), c.play, " ", c.pause, " ", c.step,
      ]),
      this.readout, this.status,
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start" }, [
        element("div", {}, [this.mapBox,
          element("p", { style: "font-size: 12px; margin: 0" },
            ["● start (drag it)   ◇ step k   ★ lowest point   - - - the path"])]),
        this.costs,
      ]),
    ]));
    c.lrRange.addEventListener("input", () => {
      const lr = Number((10 ** Number(c.lrRange.value)).toPrecision(3));
      c.lr.value = String(lr);
      this.set(this.w, this.b, lr);
    });
    c.lr.addEventListener("input", () => {
      const problem = invalidField([c.lr]);
      if (problem) { this.say(problem); return; }
      c.lrRange.value = String(Math.log10(Number(c.lr.value)));
      this.set(this.w, this.b, Number(c.lr.value));
    });
    c.k.addEventListener("input", () => { this.pause(); this.set(this.w, this.b, this.lr, Number(c.k.value)); });
    for (const input of [c.lrRange, c.lr, c.k]) input.addEventListener("change", () => this.announce());
    c.play.addEventListener("click", () => this.play());
    c.pause.addEventListener("click", () => { this.pause(); this.announce(); });
    c.step.addEventListener("click", () => {
      this.pause();
      this.set(this.w, this.b, this.lr, this.k + 1);
      this.announce();
    });
  }

  /** Walk the path one step per PLAY_MS from step k (from step 0 if k is the last), until the last step. */
  play() {
    this.pause();
    if (this.k >= this.path.stepsTaken) this.set(this.w, this.b, this.lr, 0);
    const tick = () => {
      this.set(this.w, this.b, this.lr, this.k + 1);
      if (this.k < this.path.stepsTaken) this.timer = setTimeout(tick, PLAY_MS);
      else { this.timer = null; this.announce(); }
    };
    this.timer = setTimeout(tick, PLAY_MS);
  }

  pause() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  get playing() { return this.timer != null; }

  /** A drag, an arrow key or a named start: the start to (w, b), rounded to 0.01. */
  moveTo(w, b) {
    const round = (v) => Math.round(v * 100) / 100;
    this.set(round(w), round(b));
  }

  /** The readout: as the chapter's figure titles it (nnlib.viz.gradient_descent.descent_title),
   *  and when the cost first gets below the threshold. */
  text() {
    const v = this.view, t = this.config.threshold;
    const reached = v.steps_to_threshold === null ? `The cost never gets below ${t} in these ${v.steps} steps.`
      : `The cost first gets below ${t} at step ${v.steps_to_threshold}.`;
    return `η = ${pythonG(v.lr)}, start (${pythonG(v.w0)}, ${pythonG(v.b0)}), step ${v.k} of ${v.steps}:  ` +
      `w = ${fmt(v.w[v.k])},  b = ${fmt(v.b[v.k])},  C = ${fmt(v.costs[v.k])},  |∇C| = ${fmt(v.grad_norm)}. ` +
      reached;
  }

  draw() {
    const v = this.view;
    this.readout.textContent = this.text();
    this.controls.k.value = String(v.k);
    placePoint(this, v.w0, v.b0, `start w₀ = ${pythonG(v.w0)}, b₀ = ${pythonG(v.b0)}, cost ${fmt(v.costs[0])}`);
    const points = v.w.map((w, k) => [this.toX(w), this.toY(v.b[k])]);
    this.pathLine.setAttribute("points", points.map((q) => q.join(",")).join(" "));
    this.pathDots.replaceChildren(...points.slice(1).map(([cx, cy]) => svg("circle", { cx, cy, r: 2.5 })));
    const [x, y] = points[v.k];
    this.now.setAttribute("d", `M ${x} ${y - 8} L ${x + 8} ${y} L ${x} ${y + 8} L ${x - 8} ${y} Z`);
    this.drawCosts(v);
  }

  /** The cost at steps 0..k over the axis 0..steps, with a dotted line at the threshold. */
  drawCosts(v) {
    const col = this.config.colours, n = v.steps, top = this.config.cost_top, t = this.config.threshold;
    const w = COST_W - PAD - 10, h = COST_H - 2 * PAD + 10;
    const px = (k) => PAD + (k / n) * w, py = (c) => 20 + (1 - c / top) * h;
    this.costs.setAttribute("aria-label", `The cost at each step from step 0 to step ${v.k}: from ` +
      `${fmt(v.costs[0])} to ${fmt(v.costs[v.k])}; dotted line at ${t}`);
    this.costs.replaceChildren(
      svg("line", { x1: PAD, y1: py(0), x2: PAD + w, y2: py(0), stroke: "#888" }),
      svg("line", { x1: PAD, y1: py(t), x2: PAD + w, y2: py(t), stroke: col.grey, "stroke-dasharray": "2 3" }),
      svg("text", { x: PAD - 4, y: py(0) + 4, "text-anchor": "end", "font-size": 11 }, ["0"]),
      svg("text", { x: PAD - 4, y: py(t) + 4, "text-anchor": "end", "font-size": 11 }, [`${t}`]),
      svg("text", { x: PAD - 4, y: py(top) + 4, "text-anchor": "end", "font-size": 11 }, [`${top}`]),
      svg("text", { x: PAD + 4, y: 12, "font-size": 12 }, [`cost C at each step (dotted: C = ${t})`]),
      svg("text", { x: PAD + w / 2, y: COST_H - 6, "text-anchor": "middle", "font-size": 12 }, [`step k (0 to ${n})`]),
      svg("polyline", { points: v.costs.map((c, k) => `${px(k)},${py(Math.min(c, top))}`).join(" "), fill: "none",
        stroke: col.point, "stroke-width": 2 }),
      svg("circle", { cx: px(v.k), cy: py(Math.min(v.costs[v.k], top)), r: 4, fill: col.curve }),
    );
  }
}

/** Build the gradient-descent chapter's explorer into root from nnlib's config; returns it (root.explorer too). */
export function mountDescentExplorer(root, config) {
  root.explorer = new DescentExplorer(root, config);
  return root.explorer;
}
