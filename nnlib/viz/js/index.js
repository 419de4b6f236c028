// The page's twin of nnlib: import everything from here.
export { ACTIVATIONS, LEAKY_SLOPE, getActivation } from "./activations.js";
export { COSTS, averageCost, getCost } from "./costs.js";
export { Matrix } from "./matrix.js";
export { Network } from "./network.js";
