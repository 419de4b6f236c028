// Activation functions g and their derivatives g' (book: the activation table, eq. (act));
// the twin of nnlib/activations.py. Each works on one number; map() applies it to a matrix.
//
// primeFromOutput gives the same g'(z) from the output a = g(z), as nnlib's prime_from_output:
// backpropagation uses it, because a is already computed.

export const LEAKY_SLOPE = 0.01;

/** sigma(z) = 1 / (1 + e^(-z)), without overflow for large |z| (as scipy's expit). */
function sigmoid(z) {
  if (z < 0) {
    const e = Math.exp(z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(-z));
}

export const ACTIVATIONS = {
  sigmoid: {
    name: "sigmoid",
    g: sigmoid,
    prime: (z) => { const s = sigmoid(z); return s * (1 - s); }, // sigma'(z) = sigma(z) (1 - sigma(z))
    primeFromOutput: (a) => (1 - a) * a, // sigma'(z) = a (1 - a), not a - a^2 (digits lost near 1)
  },
  tanh: {
    name: "tanh",
    g: Math.tanh,
    prime: (z) => { const t = Math.tanh(z); return 1 - t * t; }, // tanh'(z) = 1 - tanh(z)^2
    primeFromOutput: (a) => 1 - a * a,
  },
  relu: {
    name: "relu",
    g: (z) => Math.max(z, 0), // relu(z) = max(0, z)
    prime: (z) => (z > 0 ? 1 : 0), // 1 if z > 0 else 0 (0 at the kink z = 0)
    primeFromOutput: (a) => (a > 0 ? 1 : 0), // a > 0 exactly when z > 0
  },
  leaky_relu: {
    name: "leaky_relu",
    g: (z) => Math.max(z, LEAKY_SLOPE * z), // z if z > 0 else 0.01 z
    prime: (z) => (z > 0 ? 1 : LEAKY_SLOPE),
    primeFromOutput: (a) => (a > 0 ? 1 : LEAKY_SLOPE),
  },
  identity: {
    name: "identity",
    g: (z) => z,
    prime: () => 1,
    primeFromOutput: () => 1,
  },
};

/** Look an activation up by name; an Error lists the valid names. */
export function getActivation(name) {
  if (!Object.hasOwn(ACTIVATIONS, name)) {
    const names = Object.keys(ACTIVATIONS).sort().join(", ");
    throw new Error(`unknown activation ${JSON.stringify(name)}; expected one of ${names}`);
  }
  return ACTIVATIONS[name];
}
