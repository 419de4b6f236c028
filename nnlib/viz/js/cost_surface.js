// The cost-surface chapter's explorer (issue 14), computed live in the page: the contour map of
// C(w, b) for one sigmoid neuron a = sigma(w x + b) on the chapter's eight students, a point the
// reader drags (or moves with the arrow keys or number fields), the arrow of -grad C from it, the
// cost and its partial derivatives in a readout, the neuron's curve on the data, and the path of
// gradient descent from the point with its learning rate. Plain DOM, <canvas> and SVG: the same
// module runs in the HTML book and in a JupyterLab output.
//
// Every number comes from the twin of nnlib (network.js): the neuron is Network([1, 1]) with a
// sigmoid output and the quadratic cost (eq. (cost-one-neuron)), its gradient is backpropagation's,
// a descent step is Network.step (eq. (gradient-step)). nnlib/viz/cost_surface.py writes the data,
// the window and the colours into the config; tests/browser/test_cost_surface_explorer.py checks
// every number against nnlib.

import { computeField, paintField } from "./contour_map.js";
import { HIDDEN_STYLE, element, pythonExponent, svg } from "./dom.js";
import { Matrix } from "./matrix.js";
import { Network } from "./network.js";

const FIELD_ROWS_PER_TASK = 32; // rows of the cost field computed per task (about 20 ms)
const MAP_PX = 320, FIT_W = 320, FIT_H = 200, COST_W = 320, COST_H = 140, PAD = 36;
export const FOCUS_CSS = ".nnjs-cs-point:focus { outline: 2px solid #000; outline-offset: 2px; }" +
  " .nnjs-cs-point:focus .nnjs-cs-ring { visibility: visible; }" +
  " .nnjs-cs-map { touch-action: none; cursor: crosshair; }";

/** How the figures print a number, as nnlib.viz.cost_surface.fmt: 4 decimals, or 2 significant
 *  digits in Python's exponent form (1.2e-05) when it is tiny. */
export function fmt(x) {
  if (x === 0 || Math.abs(x) >= 1e-3) return (Object.is(x, -0) ? "-" : "") + x.toFixed(4);
  return pythonExponent(x, 1);
}

export class CostSurface {
  /**
   * root: the element to build into. config (nnlib/viz/cost_surface.py, explorer_config):
   * X, Y (1, m) as rows; x_grid: the inputs the curve is drawn at; w_range, b_range: the map's
   * window; start {w, b, lr}; steps: descent steps drawn; lowest {w, b, cost}; contours
   * {start, end, size}; arrow_length; lr_range: what the learning-rate field accepts; colours {scale: [[t, hex]...], point, data, curve, grey};
   * cost_top: the cost axis' top.
   */
  constructor(root, config) {
    this.config = config;
    this.X = Matrix.fromRows(config.X, "X");
    this.Y = Matrix.fromRows(config.Y, "Y");
    this.xGrid = Matrix.fromRows([config.x_grid], "x_grid");
    this.net = new Network({ sizes: [1, 1], output: "sigmoid", cost: "quadratic", theta: [config.start.w, config.start.b] });
    this.pathNet = new Network({ sizes: [1, 1], output: "sigmoid", cost: "quadratic", theta: [0, 0] }); // walks the path
    this.build(root);
    this.whenNearView();
    this.set(config.start.w, config.start.b, config.start.lr);
    this.announce();
  }

  // --- the maths: everything the figure shows at (w, b), from the twin of nnlib -------------

  /** Cost, gradient (backpropagation) and the unit vector of steepest descent at (w, b). */
  point(w, b) {
    this.net.setParams([w, b]);
    const C = this.net.cost(this.X, this.Y);
    const [dC_dw, dC_db] = this.net.gradient(this.X, this.Y);
    const norm = Math.hypot(dC_dw, dC_db);
    const descent = norm > 0 ? [-dC_dw / norm, -dC_db / norm] : [0, 0];
    return { w, b, cost: C, dC_dw, dC_db, grad_norm: norm, descent,
      curve: Array.from(this.net.forward(this.xGrid).data), outputs: Array.from(this.net.forward(this.X).data) };
  }

  /** steps of (w, b) <- (w, b) - lr grad C (eq. (gradient-step)) from (w, b): every point and its cost. */
  path(w, b, lr) {
    const net = this.pathNet, ws = [w], bs = [b], costs = [];
    net.setParams([w, b]);
    for (let k = 0; k < this.config.steps; k++) {
      costs.push(net.step(this.X, this.Y, lr));
      const [wk, bk] = net.getParams();
      ws.push(wk);
      bs.push(bk);
    }
    costs.push(net.cost(this.X, this.Y));
    return { lr, w: ws, b: bs, cost: costs };
  }

  /** Move the point to (w, b), the learning rate to lr, and redraw everything that depends on them. */
  set(w, b, lr = this.lr) {
    const [w0, w1] = this.config.w_range, [b0, b1] = this.config.b_range;
    this.w = Math.min(w1, Math.max(w0, w));
    this.b = Math.min(b1, Math.max(b0, b));
    this.lr = lr;
    this.state = this.point(this.w, this.b);
    this.descentPath = this.path(this.w, this.b, lr);
    this.draw();
  }

  // --- the page ----------------------------------------------------------------------------

  build(root) {
    const id = (name) => `${root.id || "nnjs-cs"}-${name}`;
    const [w0, w1] = this.config.w_range, [b0, b1] = this.config.b_range;
    const number = (name, value, min, max, step) =>
      element("input", { type: "number", id: id(name), name, value, min, max, step, required: "" });
    const c = (this.controls = {
      w: number("w", this.config.start.w, w0, w1, 0.01),
      b: number("b", this.config.start.b, b0, b1, 0.01),
      lr: number("lr", this.config.start.lr, ...this.config.lr_range, 0.01),
    });
    const control = (text, input) => element("span", { style: "display: inline-block; margin: 0 1.2em 0.4em 0" },
      [element("label", { for: input.id }, [text]), " ", input]);
    this.readout = element("p", { class: "nnjs-readout", style: "font-variant-numeric: tabular-nums" });
    this.status = element("p", { "aria-live": "polite", "aria-atomic": "true", style: HIDDEN_STYLE });
    this.buildMap();
    this.fit = svg("svg", { width: FIT_W, height: FIT_H, role: "img" });
    this.costCurve = svg("svg", { width: COST_W, height: COST_H, role: "img" });
    root.append(element("div", { class: "nnjs-cost-surface" }, [
      element("style", {}, [FOCUS_CSS]),
      element("fieldset", {}, [
        element("legend", {}, ["The point (w, b) and the learning rate"]),
        control("weight w", c.w), control("bias b", c.b), control("learning rate η", c.lr),
      ]),
      this.readout, this.status,
      element("div", { style: "display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start" }, [
        this.mapBox, element("div", {}, [this.fit, this.costCurve]),
      ]),
    ]));
    for (const input of Object.values(c)) {
      input.addEventListener("input", () => this.fromFields());
      input.addEventListener("change", () => this.announce());
    }
  }

  /** The contour map: the cost field on a canvas, and over it an SVG with the point, the arrow,
   *  the descent path and the lowest point. The point is dragged, or moved by the arrow keys. */
  buildMap() {
    const size = MAP_PX + 2 * PAD, [w0, w1] = this.config.w_range, [b0, b1] = this.config.b_range;
    this.toX = (w) => PAD + ((w - w0) / (w1 - w0)) * MAP_PX;
    this.toY = (b) => PAD + ((b1 - b) / (b1 - b0)) * MAP_PX;
    this.canvas = element("canvas", { width: MAP_PX, height: MAP_PX, role: "img", "aria-label": "the cost as colour",
      style: `position: absolute; left: ${PAD}px; top: ${PAD}px; width: ${MAP_PX}px; height: ${MAP_PX}px` });
    const col = this.config.colours, head = this.uid("head"), clip = this.uid("clip");
    this.arrow = svg("line", { stroke: col.point, "stroke-width": 3, "marker-end": `url(#${head})` });
    this.pathLine = svg("polyline", { fill: "none", stroke: col.point, "stroke-width": 1.5, "stroke-dasharray": "5 3" });
    this.pathDots = svg("g", { fill: col.point });
    this.ring = svg("circle", { r: 11, fill: "none", stroke: "#000", "stroke-width": 2, "stroke-dasharray": "3 2",
      class: "nnjs-cs-ring", visibility: "hidden" });
    this.dot = svg("circle", { r: 7, fill: col.point, stroke: "white", "stroke-width": 2 });
    this.handle = svg("g", { class: "nnjs-cs-point", tabindex: 0, role: "slider",
      "aria-label": "the point (w, b): left and right arrows change w, up and down change b",
      "aria-valuemin": w0, "aria-valuemax": w1 }, [this.ring, this.dot]);
    const { w: lw, b: lb, cost: lc } = this.config.lowest;
    const star = svg("text", { x: this.toX(lw), y: this.toY(lb) + 6, "text-anchor": "middle", "font-size": 20,
      fill: "white", stroke: col.grey, "stroke-width": 1 }, ["★"]);
    const ticks = [];
    for (let w = Math.ceil(w0); w <= w1; w += 2) {
      ticks.push(svg("text", { x: this.toX(w), y: PAD + MAP_PX + 14, "text-anchor": "middle", "font-size": 11 }, [`${w}`]));
    }
    for (let b = Math.ceil(b0); b <= b1; b += 2) {
      ticks.push(svg("text", { x: PAD - 4, y: this.toY(b) + 4, "text-anchor": "end", "font-size": 11 }, [`${b}`]));
    }
    this.map = svg("svg", { width: size, height: size, class: "nnjs-cs-map", role: "group",
      "aria-label": `Contour map of the cost over weight w (${w0} to ${w1}) and bias b (${b0} to ${b1}); ` +
        `the star marks the lowest point, cost ${lc.toFixed(4)} at w = ${lw.toFixed(2)}, b = ${lb.toFixed(2)}`,
      style: "position: absolute; left: 0; top: 0" }, [
      svg("defs", {}, [
        svg("clipPath", { id: clip }, [svg("rect", { x: PAD, y: PAD, width: MAP_PX, height: MAP_PX })]),
        svg("marker", { id: head, viewBox: "0 0 10 10", refX: 8, refY: 5, markerWidth: 5, markerHeight: 5,
          orient: "auto-start-reverse" }, [svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: col.point })]),
      ]),
      svg("rect", { x: PAD, y: PAD, width: MAP_PX, height: MAP_PX, fill: "none", stroke: "#888" }),
      ...ticks,
      svg("text", { x: PAD + MAP_PX / 2, y: size - 4, "text-anchor": "middle", "font-size": 12 }, ["weight w"]),
      svg("text", { x: 12, y: PAD + MAP_PX / 2, "text-anchor": "middle", "font-size": 12,
        transform: `rotate(-90 12 ${PAD + MAP_PX / 2})` }, ["bias b"]),
      svg("g", { "clip-path": `url(#${clip})` }, [star, this.pathLine, this.pathDots, this.arrow]),
      this.handle,
    ]);
    this.mapBox = element("div", { style: `position: relative; width: ${size}px; height: ${size}px` },
      [this.canvas, this.map]);
    this.map.addEventListener("pointerdown", (e) => {
      this.map.setPointerCapture(e.pointerId);
      this.dragging = true;
      this.handle.focus();
      this.fromPointer(e);
      e.preventDefault();
    });
    this.map.addEventListener("pointermove", (e) => { if (this.dragging) this.fromPointer(e); });
    const stop = () => { if (this.dragging) { this.dragging = false; this.announce(); } };
    this.map.addEventListener("pointerup", stop);
    this.map.addEventListener("pointercancel", stop);
    this.handle.addEventListener("keydown", (e) => {
      const step = e.shiftKey ? 0.01 : 0.1;
      const move = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowDown: [0, -step], ArrowUp: [0, step] }[e.key];
      if (!move) return;
      e.preventDefault();
      this.moveTo(this.w + move[0], this.b + move[1]);
      this.announce();
    });
  }

  uid(name) {
    CostSurface.count = (CostSurface.count || 0) + 1;
    return `nnjs-cs-${name}-${CostSurface.count}`;
  }

  /** (w, b) under the pointer, to 0.01 (finer than a pixel of the map). */
  fromPointer(e) {
    const box = this.map.getBoundingClientRect(), [w0, w1] = this.config.w_range, [b0, b1] = this.config.b_range;
    const w = w0 + ((e.clientX - box.left - PAD) / MAP_PX) * (w1 - w0);
    const b = b1 - ((e.clientY - box.top - PAD) / MAP_PX) * (b1 - b0);
    this.moveTo(w, b);
  }

  /** Move the point to (w, b) rounded to 0.01 and show it in the number fields. */
  moveTo(w, b) {
    const round = (v) => Math.round(v * 100) / 100;
    this.set(round(w), round(b));
    this.controls.w.value = String(this.w);
    this.controls.b.value = String(this.b);
  }

  /** The number fields changed: take their values, or name the field that is out of range. */
  fromFields() {
    const invalid = Object.values(this.controls).find((input) => !input.checkValidity() || input.value === "");
    if (invalid) {
      this.say(`${invalid.labels[0].textContent}: ${invalid.validationMessage || "enter a number"} ` +
        `(from ${invalid.min} to ${invalid.max}). The figure was not changed.`);
      return;
    }
    this.set(Number(this.controls.w.value), Number(this.controls.b.value), Number(this.controls.lr.value));
  }

  /** The text of the readout for the current state. */
  text() {
    const p = this.state, path = this.descentPath;
    return `w = ${p.w}, b = ${p.b}: C = ${fmt(p.cost)}, ∂C/∂w = ${fmt(p.dC_dw)}, ∂C/∂b = ${fmt(p.dC_db)}, ` +
      `|∇C| = ${fmt(p.grad_norm)}. ${path.cost.length - 1} steps with η = ${path.lr}: ` +
      `C = ${fmt(path.cost[0])} → ${fmt(path.cost.at(-1))}.`;
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
    const p = this.state, path = this.descentPath, L = this.config.arrow_length;
    this.readout.textContent = this.text();
    const x = this.toX(p.w), y = this.toY(p.b);
    this.dot.setAttribute("cx", x);
    this.dot.setAttribute("cy", y);
    this.ring.setAttribute("cx", x);
    this.ring.setAttribute("cy", y);
    this.handle.setAttribute("aria-valuenow", p.w);
    this.handle.setAttribute("aria-valuetext", `w = ${p.w}, b = ${p.b}, cost ${fmt(p.cost)}`);
    this.arrow.setAttribute("visibility", p.grad_norm > 0 ? "visible" : "hidden");
    this.arrow.setAttribute("x1", x);
    this.arrow.setAttribute("y1", y);
    this.arrow.setAttribute("x2", this.toX(p.w + L * p.descent[0]));
    this.arrow.setAttribute("y2", this.toY(p.b + L * p.descent[1]));
    const points = path.w.map((w, k) => [this.toX(w), this.toY(path.b[k])]);
    this.pathLine.setAttribute("points", points.map((q) => q.join(",")).join(" "));
    this.pathDots.replaceChildren(...points.slice(1).map(([cx, cy]) => svg("circle", { cx, cy, r: 2.5 })));
    this.drawFit(p);
    this.drawCostCurve(path);
  }

  /** The data (x, y), the neuron's curve a = sigma(w x + b) and its outputs a on the data. */
  drawFit(p) {
    const col = this.config.colours, xs = this.config.x_grid, X = this.config.X[0], Y = this.config.Y[0];
    const x0 = xs[0], x1 = xs.at(-1), w = FIT_W - PAD - 10, h = FIT_H - 2 * PAD + 10;
    const px = (x) => PAD + ((x - x0) / (x1 - x0)) * w, py = (a) => 24 + ((1.05 - a) / 1.1) * (h - 14);
    const cross = (cx, cy) => `M ${cx - 4} ${cy - 4} L ${cx + 4} ${cy + 4} M ${cx - 4} ${cy + 4} L ${cx + 4} ${cy - 4}`;
    this.fit.setAttribute("aria-label", `The students' hours and results with the neuron's curve for ` +
      `w = ${p.w}, b = ${p.b}; its outputs range from ${p.outputs[0].toFixed(2)} to ${p.outputs.at(-1).toFixed(2)}`);
    this.fit.replaceChildren(
      svg("line", { x1: PAD, y1: py(0), x2: PAD + w, y2: py(0), stroke: "#888" }),
      svg("line", { x1: PAD, y1: py(1), x2: PAD + w, y2: py(1), stroke: "#ddd" }),
      svg("text", { x: PAD - 4, y: py(0) + 4, "text-anchor": "end", "font-size": 11 }, ["0"]),
      svg("text", { x: PAD - 4, y: py(1) + 4, "text-anchor": "end", "font-size": 11 }, ["1"]),
      svg("text", { x: PAD + w / 2, y: FIT_H - 6, "text-anchor": "middle", "font-size": 12 },
        [`hours of study x (${x0} to ${x1})`]),
      svg("polyline", { points: xs.map((x, k) => `${px(x)},${py(p.curve[k])}`).join(" "), fill: "none",
        stroke: col.curve, "stroke-width": 3 }),
      ...X.map((x, i) => svg("circle", { cx: px(x), cy: py(Y[i]), r: 5, fill: col.data })),
      svg("path", { d: X.map((x, i) => cross(px(x), py(p.outputs[i]))).join(" "), stroke: col.grey, "stroke-width": 2 }),
      svg("text", { x: PAD + 4, y: 12, "font-size": 12 }, ["● data y   ✕ outputs a   — a = σ(wx + b)"]),
    );
  }

  /** The cost after each step of the descent path, with a dotted line at the lowest cost. */
  drawCostCurve(path) {
    const col = this.config.colours, n = path.cost.length - 1, top = this.config.cost_top, low = this.config.lowest.cost;
    const w = COST_W - PAD - 10, h = COST_H - 2 * PAD + 10;
    const px = (k) => PAD + (k / n) * w, py = (c) => 14 + (1 - c / top) * h;
    this.costCurve.setAttribute("aria-label", `The cost after each of the ${n} steps: from ` +
      `${fmt(path.cost[0])} to ${fmt(path.cost.at(-1))}`);
    this.costCurve.replaceChildren(
      svg("line", { x1: PAD, y1: py(0), x2: PAD + w, y2: py(0), stroke: "#888" }),
      svg("line", { x1: PAD, y1: py(low), x2: PAD + w, y2: py(low), stroke: col.grey, "stroke-dasharray": "2 3" }),
      svg("text", { x: PAD - 4, y: py(0) + 4, "text-anchor": "end", "font-size": 11 }, ["0"]),
      svg("text", { x: PAD - 4, y: py(top) + 4, "text-anchor": "end", "font-size": 11 }, [`${top}`]),
      svg("text", { x: PAD + 4, y: 10, "font-size": 12 }, ["cost C after each step (dotted: the lowest)"]),
      svg("text", { x: PAD + w / 2, y: COST_H - 6, "text-anchor": "middle", "font-size": 12 }, [`step (0 to ${n})`]),
      svg("polyline", { points: path.cost.map((c, k) => `${px(k)},${py(Math.min(c, top))}`).join(" "), fill: "none",
        stroke: col.curve, "stroke-width": 2 }),
    );
  }

  /** The map's field is computed when the map comes within a screen of the view (a page with
   *  explorers far down does no work for them while it loads); this.fieldReady resolves once drawn. */
  whenNearView() {
    this.fieldReady = new Promise((resolve) => {
      const observer = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        this.computeField().then(resolve);
      }, { rootMargin: "100% 0px" });
      observer.observe(this.mapBox);
    });
  }

  /** The cost over the window, one value per canvas pixel (at its centre), a band of rows per task
   *  so that the page stays responsive; resolves when the field is drawn. */
  computeField() {
    const net = new Network({ sizes: [1, 1], output: "sigmoid", cost: "quadratic", theta: [0, 0] });
    const costAt = (w, b) => { net.setParams([w, b]); return net.cost(this.X, this.Y); };
    return computeField(MAP_PX, this.config.w_range, this.config.b_range, costAt, FIELD_ROWS_PER_TASK)
      .then((field) => {
        this.field = field;
        paintField(this.canvas, field, MAP_PX, this.config.contours, this.config.colours.scale);
      });
  }
}

/** Build the explorer into root from the JSON config nnlib wrote; returns it (root.costSurface too). */
export function mountCostSurface(root, config) {
  root.costSurface = new CostSurface(root, config);
  return root.costSurface;
}
