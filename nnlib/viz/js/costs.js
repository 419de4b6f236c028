// Cost functions C and the output error delta^[L] = dC/dz^[L] that starts backpropagation;
// the twin of nnlib/costs.py. The loss is the error on one example, the cost its average over
// the m examples (columns) of a batch, eq. (cost): C = (1/m) sum_i C_i. A (activations),
// Z (pre-activations) and Y (targets) of the output layer are all (n_L, m).

import { Matrix } from "./matrix.js";

/** softplus(x) = ln(1 + e^x), computed as numpy's logaddexp(0, x): never overflows. */
function softplus(x) {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export const COSTS = {
  quadratic: {
    name: "quadratic",
    /** sum over examples and outputs of (a_j - y_j)^2 (eq. (cost-quadratic)); no factor 1/2. */
    total(A, Y) {
      let s = 0;
      for (let k = 0; k < A.data.length; k++) {
        const d = A.data[k] - Y.data[k];
        s += d * d;
      }
      return s;
    },
    /** (delta-output) delta^[L] = (2/m)(a^[L] - y) * g'(z^[L]), the 1/m of eq. (cost) inside. */
    outputDelta(A, Y, Z, g) {
      const delta = new Matrix(A.rows, A.cols), m = A.cols;
      for (let k = 0; k < A.data.length; k++) {
        delta.data[k] = (A.data[k] - Y.data[k]) * g.primeFromOutput(A.data[k]) * (2 / m);
      }
      return delta;
    },
  },
  cross_entropy: {
    name: "cross_entropy",
    /** sum of -[y ln a + (1 - y) ln(1 - a)] for a = sigma(z) (eq. (cost-cross-entropy)),
     *  from z: ln sigma(z) = -softplus(-z), ln(1 - sigma(z)) = -softplus(z), never log(0). */
    total(A, Y, Z) {
      let s = 0;
      for (let k = 0; k < Z.data.length; k++) {
        s += Y.data[k] * softplus(-Z.data[k]) + (1 - Y.data[k]) * softplus(Z.data[k]);
      }
      return s;
    },
    /** (delta-ce) delta^[L] = (1/m)(a^[L] - y): with a sigmoid output, sigma' cancels. */
    outputDelta(A, Y) {
      const delta = new Matrix(A.rows, A.cols), m = A.cols;
      for (let k = 0; k < A.data.length; k++) delta.data[k] = (A.data[k] - Y.data[k]) * (1 / m);
      return delta;
    },
  },
};

/** C = (1/m) sum over the examples of the loss (eq. (cost)), without the L2 term. */
export function averageCost(cost, A, Y, Z) {
  return cost.total(A, Y, Z) / Y.cols;
}

/** Look a cost up by name; an Error lists the valid names. */
export function getCost(name) {
  if (!Object.hasOwn(COSTS, name)) {
    throw new Error(`unknown cost ${JSON.stringify(name)}; expected one of ${Object.keys(COSTS).sort().join(", ")}`);
  }
  return COSTS[name];
}
