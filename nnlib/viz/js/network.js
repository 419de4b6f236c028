// A fully connected network: forward pass, cost, backpropagation and stochastic gradient descent;
// the page's twin of nnlib/network.py and nnlib.sgd (nnlib/train.py), tested equal to them in
// tests/browser/test_nnjs.py. Python stays the source of truth for every number in the prose.
//
// Book notation: layers 0..L with sizes n_0..n_L. Arrays are indexed by the book's layer number,
// index 0 unused where layer 0 has nothing: W[l] is W^[l] (n_l, n_{l-1}) and b[l] is b^[l] (n_l, 1)
// for l = 1..L; a trace holds a[l] for l = 0..L (a[0] = X) and z[l] for l = 1..L; a backward pass
// holds delta[l], dW[l], db[l] for l = 1..L. A batch X is (n_0, m), targets Y are (n_L, m):
// one example per column.
//
// theta, all parameters as one vector, has nnlib's layout: layer by layer the matrix
// [W^[l] | b^[l]] of shape (n_l, n_{l-1} + 1), row after row. Weights come from nnlib
// (net.get_params() in Python), so a run in the page starts where nnlib's starts.

import { getActivation } from "./activations.js";
import { averageCost, getCost } from "./costs.js";
import {
  Matrix, addColumnInPlace, checkShape, columns, describe, hadamard, map, matmul, matmulTransposeA,
  matmulTransposeB, sumColumns,
} from "./matrix.js";

function checkSizes(sizes) {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new Error("sizes must list at least two layer sizes (inputs and outputs), like [2, 3, 1]; " +
      `got ${JSON.stringify(sizes)}`);
  }
  sizes.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`layer sizes must be positive integers; sizes[${i}] is ${JSON.stringify(n)} ` +
        `in sizes=${JSON.stringify(sizes)}`);
    }
  });
  return sizes.slice();
}

function checkNumber(name, value, { integer = false, allowZero = false } = {}) {
  const kind = integer ? "integer" : "number";
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a finite ${kind}; got ${JSON.stringify(value)}`);
  }
  if (value < 0 || (value === 0 && !allowZero)) {
    throw new Error(`${name} must be ${allowZero ? ">= 0" : "> 0"}; got ${value}`);
  }
  return value;
}

/** A Matrix of shape (rows, cols) from a Matrix or an array of rows; cols = null: any m >= 1. */
function asMatrix(name, value, rows, cols = null) {
  const M = value instanceof Matrix ? value : Matrix.fromRows(value, name);
  checkShape(name, M, rows, cols);
  if (!M.data.every(Number.isFinite)) throw new Error(`${name} must contain only finite numbers`);
  return M;
}

/** Throw unless order is a permutation of 0..m-1 (the order the examples of an epoch are taken in). */
function checkOrder(order, m) {
  const seen = new Uint8Array(m);
  const ok = Array.isArray(order) && order.length === m &&
    order.every((i) => Number.isInteger(i) && i >= 0 && i < m && !seen[i] && (seen[i] = 1));
  if (!ok) {
    const shown = Array.isArray(order) ? `: ${JSON.stringify(order.slice(0, 12))}` : "";
    throw new Error(`a batch order must be a permutation of 0..${m - 1} (each example once); ` +
      `got ${describe(order)}${shown}`);
  }
  return order;
}

export class Network {
  /**
   * sizes [n_0, ..., n_L]; hidden, output: activation names of the hidden layers and the output
   * layer; cost: "quadratic" or "cross_entropy"; l2: lambda in (lambda / 2m) sum W^2 (weights
   * only, never biases); theta: the parameters in nnlib's layout (net.get_params()).
   */
  constructor({ sizes, hidden = "sigmoid", output = "sigmoid", cost = "quadratic", l2 = 0, theta }) {
    this.sizes = checkSizes(sizes);
    this.hidden = getActivation(hidden);
    this.output = getActivation(output);
    this.costFunction = getCost(cost);
    if (this.costFunction.name === "cross_entropy" && this.output.name !== "sigmoid") {
      throw new Error(`cost 'cross_entropy' needs outputs in (0, 1): use output 'sigmoid', ` +
        `not '${this.output.name}'`);
    }
    this.l2 = checkNumber("l2", l2, { allowZero: true });
    this.L = this.sizes.length - 1;
    // g[l]: the activation of layer l = 1..L (g[0] unused)
    this.g = [null, ...Array(this.L - 1).fill(this.hidden), this.output];
    this.W = [null];
    this.b = [null];
    for (let l = 1; l <= this.L; l++) {
      this.W.push(new Matrix(this.sizes[l], this.sizes[l - 1]));
      this.b.push(new Matrix(this.sizes[l], 1));
    }
    this.setParams(theta);
  }

  /** Number of weights and biases: sum over layers of n_l n_{l-1} + n_l. */
  get nParams() {
    let n = 0;
    for (let l = 1; l <= this.L; l++) n += this.sizes[l] * (this.sizes[l - 1] + 1);
    return n;
  }

  /** theta: all parameters as one vector, layer by layer [W^[l] | b^[l]] row after row. */
  getParams() {
    return packLayers(this.sizes, this.W, this.b);
  }

  /** Inverse of getParams: write the vector theta into every W^[l] and b^[l]. */
  setParams(theta) {
    if (!(Array.isArray(theta) || theta instanceof Float64Array) || theta.length !== this.nParams) {
      throw new Error(`theta must be an array of ${this.nParams} numbers (the parameters of sizes ` +
        `${JSON.stringify(this.sizes)}, as net.get_params() gives them); got ${describe(theta)}`);
    }
    if (!Array.from(theta).every(Number.isFinite)) throw new Error("theta must contain only finite numbers");
    let k = 0;
    for (let l = 1; l <= this.L; l++) {
      const W = this.W[l], b = this.b[l];
      for (let j = 0; j < W.rows; j++) {
        for (let i = 0; i < W.cols; i++) W.data[j * W.cols + i] = theta[k++];
        b.data[j] = theta[k++];
      }
    }
  }

  // --- forward ------------------------------------------------------------------------------

  /** Forward pass keeping every z and a: {a, z} with a[0] = X (eq. (forward)). */
  forwardTrace(X) {
    X = asMatrix("X", X, this.sizes[0]);
    const a = [X], z = [null];
    for (let l = 1; l <= this.L; l++) {
      // (forward) z[l] = W[l] a[l-1] + b[l],  a[l] = g(z[l])
      z.push(addColumnInPlace(matmul(this.W[l], a[l - 1]), this.b[l]));
      a.push(map(z[l], this.g[l].g));
    }
    return { a, z };
  }

  /** The output activations a^[L], (n_L, m). */
  forward(X) {
    return this.forwardTrace(X).a[this.L];
  }

  // --- cost ---------------------------------------------------------------------------------

  /** The regularisation term (lambda / 2m) sum_l ||W^[l]||^2 of eq. (cost-l2); 0 when lambda = 0. */
  l2Penalty(m) {
    if (!this.l2) return 0;
    let s = 0;
    for (let l = 1; l <= this.L; l++) for (const w of this.W[l].data) s += w * w;
    return (this.l2 / (2 * m)) * s;
  }

  /** (cost-l2) C = (1/m) sum_i C_i + (lambda / 2m) sum_l ||W^[l]||^2. */
  cost(X, Y) {
    const trace = this.forwardTrace(X);
    return this.costFromTrace(trace, asMatrix("Y", Y, this.sizes[this.L], trace.a[0].cols));
  }

  costFromTrace(trace, Y) {
    const L = this.L;
    return averageCost(this.costFunction, trace.a[L], Y, trace.z[L]) + this.l2Penalty(Y.cols);
  }

  // --- backward -----------------------------------------------------------------------------

  /** Backpropagation from a forward trace: {delta, dW, db}, each indexed l = 1..L. */
  backward(trace, Y) {
    const L = this.L, m = Y.cols;
    const delta = Array(L + 1).fill(null), dW = Array(L + 1).fill(null), db = Array(L + 1).fill(null);
    // (delta-output) delta[L] = (2/m)(a[L] - y) * g'(z[L]); (delta-ce) (1/m)(a[L] - y) for cross-entropy
    delta[L] = this.costFunction.outputDelta(trace.a[L], Y, trace.z[L], this.g[L]);
    for (let l = L; l >= 1; l--) {
      if (l < L) {
        // (delta-back) delta[l] = (W[l+1]^T delta[l+1]) * g'(z[l]), g' from a[l] = g(z[l])
        delta[l] = hadamard(matmulTransposeA(this.W[l + 1], delta[l + 1]), map(trace.a[l], this.g[l].primeFromOutput));
      }
      dW[l] = matmulTransposeB(delta[l], trace.a[l - 1]); // (grad-W) dW[l] = delta[l] a[l-1]^T, summed over examples
      db[l] = sumColumns(delta[l]); // (grad-b) db[l] = delta[l], summed over examples
      if (this.l2) {
        // from the penalty (lambda / 2m) sum W^2 of eq. (cost-l2): dW[l] += (lambda / m) W[l]
        dW[l].data.forEach((v, k) => { dW[l].data[k] = v + (this.l2 / m) * this.W[l].data[k]; });
      }
    }
    return { delta, dW, db };
  }

  /** {dW, db} for the batch (X, Y): dC/dW^[l] and dC/db^[l], l = 1..L. */
  gradients(X, Y) {
    const trace = this.forwardTrace(X);
    return this.backward(trace, asMatrix("Y", Y, this.sizes[this.L], trace.a[0].cols));
  }

  /** The gradient as one vector laid out like theta. */
  gradient(X, Y) {
    const { dW, db } = this.gradients(X, Y);
    return packLayers(this.sizes, dW, db);
  }

  // --- training -----------------------------------------------------------------------------

  /**
   * One step of gradient descent on the batch (X, Y): theta := theta - lr grad C (eq. (update)),
   * i.e. W[l] := W[l] - lr dW[l], b[l] := b[l] - lr db[l]. Returns the batch cost before the step
   * (nnlib.sgd records it as history.step_cost); a NaN or infinite cost throws, leaving theta as it was.
   */
  step(X, Y, lr, where = "this step") {
    checkNumber("lr", lr);
    const trace = this.forwardTrace(X);
    Y = asMatrix("Y", Y, this.sizes[this.L], trace.a[0].cols);
    const C = this.costFromTrace(trace, Y);
    if (!Number.isFinite(C)) throw diverged(where, lr);
    const { dW, db } = this.backward(trace, Y);
    for (let l = 1; l <= this.L; l++) {
      this.W[l].data.forEach((w, k) => { this.W[l].data[k] = w - lr * dW[l].data[k]; });
      this.b[l].data.forEach((v, k) => { this.b[l].data[k] = v - lr * db[l].data[k]; });
    }
    return C;
  }

  /**
   * One epoch of mini-batch SGD: the examples in the order of the permutation order, cut into
   * batches of batchSize (the last one shorter if m is not a multiple), one step per batch.
   * Returns the batch costs before each step.
   */
  epoch(X, Y, order, batchSize, lr, epochNumber = 1) {
    X = asMatrix("X", X, this.sizes[0]);
    Y = asMatrix("Y", Y, this.sizes[this.L], X.cols);
    checkOrder(order, X.cols);
    checkNumber("batchSize", batchSize, { integer: true });
    checkNumber("lr", lr);
    const stepCosts = [];
    for (let start = 0, step = 1; start < X.cols; start += batchSize, step++) {
      const batch = order.slice(start, start + batchSize);
      stepCosts.push(this.step(columns(X, batch), columns(Y, batch), lr, `epoch ${epochNumber}, step ${step}`));
    }
    return stepCosts;
  }

  /**
   * Train in place as nnlib.sgd(net, X, Y, epochs, batchSize, lr, seed) does, given its batch
   * orders: orders[e] is the permutation of the examples in epoch e + 1 (in Python, for nnlib's
   * seed: rng = np.random.default_rng(seed); [rng.permutation(m) for e in range(epochs)]).
   * batchSize null: one batch of all m (full-batch gradient descent). onEpoch(epoch, net, history)
   * runs after every epoch. Returns the history {cost, stepCost}: cost[0] before training,
   * cost[e] after epoch e (on the whole set); stepCost the batch cost before each step.
   */
  train(X, Y, { orders, batchSize = null, lr, onEpoch = null }) {
    X = asMatrix("X", X, this.sizes[0]);
    Y = asMatrix("Y", Y, this.sizes[this.L], X.cols);
    if (!Array.isArray(orders) || orders.length === 0) {
      throw new Error(`orders must be a non-empty array of permutations, one per epoch; got ${describe(orders)}`);
    }
    const history = { cost: [this.cost(X, Y)], stepCost: [] };
    if (!Number.isFinite(history.cost[0])) {
      throw new Error("the cost is already NaN or infinite before training starts: the inputs or the " +
        "initial weights are too large (scale X to values around 1)");
    }
    orders.forEach((order, e) => {
      history.stepCost.push(...this.epoch(X, Y, order, batchSize ?? X.cols, lr, e + 1));
      const C = this.cost(X, Y);
      if (!Number.isFinite(C)) throw diverged(`the end of epoch ${e + 1}`, lr);
      history.cost.push(C);
      if (onEpoch) onEpoch(e + 1, this, history);
    });
    return history;
  }
}

function diverged(where, lr) {
  return new Error(`the cost became NaN or infinite at ${where}; the steps overshoot. ` +
    `Try a smaller learning rate than lr=${lr}.`);
}

/** One vector laid out like theta from per-layer matrices M[l] (n_l, n_{l-1}) and columns v[l] (n_l, 1). */
function packLayers(sizes, M, v) {
  const out = [];
  for (let l = 1; l < sizes.length; l++) {
    for (let j = 0; j < sizes[l]; j++) {
      for (let i = 0; i < sizes[l - 1]; i++) out.push(M[l].data[j * sizes[l - 1] + i]);
      out.push(v[l].data[j]);
    }
  }
  return Float64Array.from(out);
}
