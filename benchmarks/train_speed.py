"""How fast is one epoch of nnlib.sgd?  Three implementations of the same epoch, timed.

Task: 8x8 digits (nnlib.digits(), train split), network 64-16-16-10, sigmoid hidden and
output units, quadratic cost C = (1/m) sum_examples sum_j (a_j - y_j)^2 (no 1/2),
mini-batches of 10, learning rate 3.0, ONE epoch of mini-batch SGD.

  1. nnlib     nnlib.sgd(net, X, Y, epochs=1, batch_size=10, lr=3.0, seed=0), which takes each
               step with nnlib.minibatch_step.MinibatchStep (generic over sizes, activations,
               costs and l2)
  2. loop      per-example loop (Nielsen style): for each mini-batch, backprop one column
               at a time, sum the gradients, then step; plain numpy
  3. fastest   the fastest plain-numpy vectorised epoch we could write (no nnlib inside)

All three start from the same initial weights (nnlib.Network([64, 16, 16, 10], seed=0))
and use the same mini-batches: the permutation np.random.default_rng(0).permutation(m),
cut into consecutive chunks of 10 -- exactly what nnlib.sgd(seed=0) draws for its first
epoch (it builds default_rng(seed) and calls rng.permutation(m) once per epoch; the cost
it computes before training uses no random numbers). The script asserts that the three
final weights agree (rtol 1e-10), then times each (best of N runs, each from the same
initial weights; medians shown too), and prints PASS/FAIL against the targets: nnlib
>= 6x faster than the loop, nnlib <= 1.25x the time of the fastest.
It always exits with status 0: it is a benchmark, not a test.

Usage:  python benchmarks/train_speed.py [--repeats N] [--profile]
"""
import os

# One thread: set before numpy is imported, or the BLAS has already started its pool.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from scipy.special import expit  # noqa: E402

SIZES = [64, 16, 16, 10]
BATCH_SIZE = 10
LR = 3.0
SEED = 0  # network initialisation and the sgd shuffle
TARGET_SPEEDUP_OVER_LOOP = 6.0  # nnlib must be at least this many times faster than the loop
TARGET_RATIO_TO_FASTEST = 1.25  # nnlib time / fastest time must not exceed this
RTOL, ATOL = 1e-10, 1e-12

FAIRNESS_NOTE = """\
Fairness decision: nnlib.sgd(epochs=1) computes, besides the 144 steps, (a) the full
training cost before the first step (history.cost[0]), (b) the mini-batch cost before
every step, checked with math.isfinite to detect divergence, and (c) the full training
cost at the end of the epoch (history.cost[1]), also checked. Those are part of the same
result, so the fastest version computes all three too (and raises on a non-finite cost
at the same points); the loop version gets (b) from its per-example forward passes and
computes (a) and (c) with one vectorised forward pass over all m examples each (cheap, so
the loop is not slowed down by them). Each timed run starts from the same initial
weights; the copy of those weights is made outside the timer."""


# --------------------------------------------------------------------------------------
# 2. Per-example loop (Nielsen style), plain numpy
# --------------------------------------------------------------------------------------
def _full_cost(Ws, bs, X, Y):
    """C = (1/m) sum over examples of sum_j (a_j - y_j)^2, one vectorised forward pass."""
    A = X
    for W, b in zip(Ws, bs):
        A = expit(W @ A + b)
    return float(np.sum((A - Y) ** 2) / Y.shape[1])


def _backprop_one(Ws, bs, x, y):
    """Gradient of one example's loss sum_j (a_j - y_j)^2 (no 1/m) and the loss itself."""
    activation = x
    activations = [x]
    zs = []
    for W, b in zip(Ws, bs):
        z = W @ activation + b
        zs.append(z)
        activation = expit(z)
        activations.append(activation)
    diff = activations[-1] - y
    loss = float(np.sum(diff * diff))
    nabla_b = [None] * len(Ws)
    nabla_w = [None] * len(Ws)
    s = activations[-1]
    delta = 2.0 * diff * (s * (1.0 - s))
    nabla_b[-1] = delta
    nabla_w[-1] = delta @ activations[-2].T
    for l in range(2, len(SIZES)):
        s = activations[-l]
        delta = (Ws[-l + 1].T @ delta) * (s * (1.0 - s))
        nabla_b[-l] = delta
        nabla_w[-l] = delta @ activations[-l - 1].T
    return nabla_w, nabla_b, loss


def loop_epoch(Ws, bs, X, Y, batch_size=BATCH_SIZE, lr=LR, seed=SEED):
    """One epoch of mini-batch SGD, backprop one example (column) at a time.

    Ws, bs: lists of arrays, updated in place. Returns ([C_before, C_after], step_costs).
    """
    m = X.shape[1]
    costs = [_full_cost(Ws, bs, X, Y)]
    step_costs = []
    order = np.random.default_rng(seed).permutation(m)
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            nabla_w = [np.zeros(W.shape) for W in Ws]
            nabla_b = [np.zeros(b.shape) for b in bs]
            loss_sum = 0.0
            for k in batch:
                x, y = X[:, k : k + 1], Y[:, k : k + 1]
                dnw, dnb, loss = _backprop_one(Ws, bs, x, y)
                nabla_w = [nw + dw for nw, dw in zip(nabla_w, dnw)]
                nabla_b = [nb + db for nb, db in zip(nabla_b, dnb)]
                loss_sum += loss
            c = loss_sum / len(batch)
            if not math.isfinite(c):
                raise RuntimeError(f"loop: cost not finite before the step at column {start}")
            step_costs.append(c)
            for W, b, nw, nb in zip(Ws, bs, nabla_w, nabla_b):
                W -= (lr / len(batch)) * nw
                b -= (lr / len(batch)) * nb
        c = _full_cost(Ws, bs, X, Y)
        if not math.isfinite(c):
            raise RuntimeError("loop: cost not finite at the end of the epoch")
        costs.append(c)
    return costs, step_costs


# --------------------------------------------------------------------------------------
# 3. Fastest vectorised epoch we could write, plain numpy + scipy.special.expit
# --------------------------------------------------------------------------------------
def fast_epoch(W1, b1, W2, b2, W3, b3, X, Y, batch_size=BATCH_SIZE, lr=LR, seed=SEED):
    """One epoch of mini-batch SGD for a 3-layer sigmoid network, quadratic cost.

    Same maths as nnlib.sgd, written for this one architecture and for speed (no loop over
    layers, no function calls of its own inside the step): every temporary is preallocated and
    written with out=; the bias is folded into the weight matrix ([W | b] times [a; 1]),
    so one matrix product gives both z and, backwards, both dW and db; all parameters
    live in one flat buffer so a step is a single subtraction; sigma'(z) is taken as
    a (1 - a) from the stored activation; the constant lr * 2/bs is applied once to the
    output error. The mini-batches are gathered once per epoch into contiguous blocks.
    Returns (params, [C_before, C_after], step_costs), params = (W1, b1, W2, b2, W3, b3).
    """
    n0, m = X.shape
    n1, n2, n3 = W1.shape[0], W2.shape[0], W3.shape[0]
    dot, multiply, subtract, vdot, isfinite = np.dot, np.multiply, np.subtract, np.vdot, math.isfinite

    # All parameters [W1|b1], [W2|b2], [W3|b3] in one flat buffer; gradients likewise.
    shapes = [(n1, n0 + 1), (n2, n1 + 1), (n3, n2 + 1)]
    sizes = [r * c for r, c in shapes]
    theta = np.empty(sum(sizes))
    grad = np.empty(sum(sizes))
    views, gviews, i = [], [], 0
    for (r, c), s in zip(shapes, sizes):
        views.append(theta[i : i + s].reshape(r, c))
        gviews.append(grad[i : i + s].reshape(r, c))
        i += s
    A1, A2, A3 = views
    G1, G2, G3 = gviews
    for A, W, b in ((A1, W1, b1), (A2, W2, b2), (A3, W3, b3)):
        A[:, :-1] = W
        A[:, -1:] = b
    W1v, b1v, W2v, b2v, W3v, b3v = A1[:, :-1], A1[:, -1:], A2[:, :-1], A2[:, -1:], A3[:, :-1], A3[:, -1:]
    W2T, W3T = W2v.T, W3v.T  # views: always the current weights

    # Examples as rows, with a trailing 1 for the bias: XT1[k] = [x_k; 1].
    XT1 = np.empty((m, n0 + 1))
    XT1[:, :n0] = X.T
    XT1[:, n0] = 1.0
    YT = np.ascontiguousarray(Y.T)

    # Whole-training-set forward pass for the cost, in preallocated buffers.
    H1 = np.empty((n1 + 1, m)); H1[n1] = 1.0
    H2 = np.empty((n2 + 1, m)); H2[n2] = 1.0
    H3 = np.empty((n3, m))
    H1v, H2v = H1[:n1], H2[:n2]

    def full_cost():
        dot(A1, XT1.T, out=H1v)
        expit(H1v, out=H1v)
        dot(A2, H1, out=H2v)
        expit(H2v, out=H2v)
        dot(A3, H2, out=H3)
        expit(H3, out=H3)
        subtract(H3, Y, out=H3)
        return float(vdot(H3, H3)) / m

    def buffers(bs):
        # Activations with a trailing row of ones (for the bias), errors, temporaries, and
        # the constants 1 and lr * 2/bs as arrays (a Python scalar costs ~0.3 us per ufunc call).
        a1 = np.empty((n1 + 1, bs)); a1[n1] = 1.0
        a2 = np.empty((n2 + 1, bs)); a2[n2] = 1.0
        e = np.empty
        return (a1, a1[:n1], a2, a2[:n2], e((n3, bs)), e((n3, bs)), e((n3, bs)), e((n2, bs)),
                e((n2, bs)), e((n1, bs)), e((n1, bs)), np.ones((max(n1, n2, n3), bs)),
                np.full((n3, bs), 2.0 * lr / bs))

    n_batches = -(-m // batch_size)
    n_full = m // batch_size
    step_costs = np.empty(n_batches)
    with np.errstate(over="ignore", invalid="ignore"):
        costs = [full_cost()]
        order = np.random.default_rng(seed).permutation(m)
        Xs = XT1[order]  # (m, n0 + 1): batch k is rows k*bs .. k*bs + bs - 1, contiguous
        Ys = YT[order]
        Xb_all = Xs[: n_full * batch_size].reshape(n_full, batch_size, n0 + 1)
        # targets as contiguous (n3, bs) blocks: a - y then runs on contiguous arrays
        Yb_all = Ys[: n_full * batch_size].reshape(n_full, batch_size, n3).transpose(0, 2, 1).copy()
        bs = batch_size
        a1, a1v, a2, a2v, a3, d3, t3, d2, t2, d1, t1, ones, scale = buffers(bs)
        one1, one2, one3 = ones[:n1], ones[:n2], ones[:n3]
        for k in range(n_batches):
            if k < n_full:
                Xb, Yb = Xb_all[k], Yb_all[k]  # (bs, n0 + 1), (n3, bs)
            else:  # the last, shorter batch
                bs = m - n_full * batch_size
                a1, a1v, a2, a2v, a3, d3, t3, d2, t2, d1, t1, ones, scale = buffers(bs)
                one1, one2, one3 = ones[:n1], ones[:n2], ones[:n3]
                Xb, Yb = Xs[n_full * batch_size :], Ys[n_full * batch_size :].T.copy()
            # forward: z = [W | b] [a; 1], a = sigma(z)
            dot(A1, Xb.T, out=a1v)
            expit(a1v, out=a1v)
            dot(A2, a1, out=a2v)
            expit(a2v, out=a2v)
            dot(A3, a2, out=a3)
            expit(a3, out=a3)
            # mini-batch cost before the step, checked for divergence
            subtract(a3, Yb, out=d3)
            c = vdot(d3, d3) / bs
            if not isfinite(c):
                raise RuntimeError(f"fast: cost not finite before step {k + 1}")
            step_costs[k] = c
            # output error times lr: lr (2/m)(a - y) a (1 - a)
            subtract(one3, a3, out=t3)
            multiply(t3, a3, out=t3)
            multiply(t3, scale, out=t3)
            multiply(d3, t3, out=d3)
            # back through the layers, all gradients from the weights before the step
            dot(W3T, d3, out=d2)
            dot(d3, a2.T, out=G3)
            subtract(one2, a2v, out=t2)
            multiply(t2, a2v, out=t2)
            multiply(d2, t2, out=d2)
            dot(W2T, d2, out=d1)
            dot(d2, a1.T, out=G2)
            subtract(one1, a1v, out=t1)
            multiply(t1, a1v, out=t1)
            multiply(d1, t1, out=d1)
            dot(d1, Xb, out=G1)
            # one step for all weights and biases
            subtract(theta, grad, out=theta)
        c = full_cost()
        if not isfinite(c):
            raise RuntimeError("fast: cost not finite at the end of the epoch")
        costs.append(c)
    return (W1v.copy(), b1v.copy(), W2v.copy(), b2v.copy(), W3v.copy(), b3v.copy()), costs, step_costs


# --------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------
def _max_rel_diff(ps, qs):
    worst = 0.0
    for p, q in zip(ps, qs):
        p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
        worst = max(worst, float(np.max(np.abs(p - q) / np.maximum(np.abs(q), 1e-300))))
    return worst


def _all_close(ps, qs):
    return all(np.allclose(p, q, rtol=RTOL, atol=ATOL) for p, q in zip(ps, qs))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed epochs per implementation (default 15)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of nnlib.sgd")
    args = parser.parse_args(argv)

    import nnlib

    data = nnlib.digits()
    X, Y = data.X_train, data.Y_train
    m = X.shape[1]
    net0 = nnlib.Network(SIZES, hidden="sigmoid", output="sigmoid", cost="quadratic", seed=SEED)
    W0 = [W.copy() for W in net0.W]
    b0 = [b.copy() for b in net0.b]

    print("train_speed: one epoch of mini-batch SGD on nnlib.digits() (train split)")
    print(f"  network {'-'.join(map(str, SIZES))}, sigmoid hidden + output, quadratic cost (no 1/2), "
          f"batch {BATCH_SIZE}, lr {LR}")
    print(f"  m = {m} examples -> {-(-m // BATCH_SIZE)} steps per epoch "
          f"(last batch {m - (m // BATCH_SIZE) * BATCH_SIZE or BATCH_SIZE} columns)")
    print(f"  python {platform.python_version()}, numpy {np.__version__}, threads: "
          + ", ".join(f"{v}={os.environ[v]}" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")))
    print(f"  nnlib from {os.path.dirname(nnlib.__file__)}")
    print()
    print(FAIRNESS_NOTE)
    print()

    # ---- the three implementations, each as "run one epoch from the initial weights" ----
    def prepare_nnlib():
        return (net0.copy(),)

    def run_nnlib(net):
        hist = nnlib.sgd(net, X, Y, epochs=1, batch_size=BATCH_SIZE, lr=LR, seed=SEED)
        return list(net.W), list(net.b), hist.cost

    def prepare_loop():
        return [W.copy() for W in W0], [b.copy() for b in b0]

    def run_loop(Ws, bs):
        costs, _ = loop_epoch(Ws, bs, X, Y)
        return Ws, bs, costs

    def prepare_fast():
        return ()

    def run_fast():
        params, costs, _ = fast_epoch(W0[0], b0[0], W0[1], b0[1], W0[2], b0[2], X, Y)
        return list(params[0::2]), list(params[1::2]), costs

    impls = [("nnlib", prepare_nnlib, run_nnlib), ("loop", prepare_loop, run_loop),
             ("fastest", prepare_fast, run_fast)]

    # ---- correctness: same final weights, biases and costs ----
    results = {name: run(*prep()) for name, prep, run in impls}
    ref_w, ref_b, ref_c = results["nnlib"]
    net_chk = net0.copy()
    hist_chk = nnlib.sgd(net_chk, X, Y, epochs=1, batch_size=BATCH_SIZE, lr=LR, seed=SEED, record_steps=True)
    _, loop_steps = loop_epoch([W.copy() for W in W0], [b.copy() for b in b0], X, Y)
    _, _, fast_steps = fast_epoch(W0[0], b0[0], W0[1], b0[1], W0[2], b0[2], X, Y)
    print(f"Check against nnlib (np.allclose, rtol={RTOL:g}, atol={ATOL:g}):")
    ok = True
    for name in ("loop", "fastest"):
        w, b, c = results[name]
        steps = loop_steps if name == "loop" else fast_steps
        same = (_all_close(w, ref_w) and _all_close(b, ref_b) and _all_close(c, ref_c)
                and _all_close([steps], [hist_chk.step_cost]))
        ok &= same
        print(f"  {name:8s} weights+biases max rel diff {_max_rel_diff(w + b, ref_w + ref_b):.1e}, "
              f"epoch costs max rel diff {_max_rel_diff(c, ref_c):.1e}, "
              f"per-step costs max rel diff {_max_rel_diff(steps, hist_chk.step_cost):.1e}  "
              f"-> {'same' if same else 'DIFFERENT'}")
    print(f"  training cost before / after the epoch: {ref_c[0]:.6f} / {ref_c[1]:.6f}")
    assert ok, "the three implementations do not give the same result"
    print()

    # ---- timing: interleaved rounds, each run from the same initial weights ----
    times = {name: [] for name, _, _ in impls}
    for name, prep, run in impls:  # warm-up
        run(*prep())
    for _ in range(args.repeats):
        for name, prep, run in impls:
            state = prep()
            t0 = time.perf_counter()
            run(*state)
            times[name].append(time.perf_counter() - t0)

    print(f"Time per epoch, {args.repeats} runs each (interleaved rounds), ms:")
    print(f"  {'':8s} {'best':>9s} {'median':>9s} {'worst':>9s}")
    best, med = {}, {}
    for name, _, _ in impls:
        ts = [t * 1e3 for t in times[name]]
        best[name], med[name] = min(ts), statistics.median(ts)
        print(f"  {name:8s} {best[name]:9.2f} {med[name]:9.2f} {max(ts):9.2f}")
    # Verdicts use the best-of times: on a shared machine the slower runs measure the other
    # processes (the timeit rationale); the medians are shown alongside for reference.
    speedup = best["loop"] / best["nnlib"]
    ratio = best["nnlib"] / best["fastest"]
    print()
    print(f"speed-up of nnlib over the loop:  {speedup:5.2f}x  (medians: {med['loop'] / med['nnlib']:.2f}x)   "
          f"target >= {TARGET_SPEEDUP_OVER_LOOP:g}x    {'PASS' if speedup >= TARGET_SPEEDUP_OVER_LOOP else 'FAIL'}")
    print(f"nnlib time / fastest time:        {ratio:5.2f}   (medians: {med['nnlib'] / med['fastest']:.2f})    "
          f"target <= {TARGET_RATIO_TO_FASTEST:g}   {'PASS' if ratio <= TARGET_RATIO_TO_FASTEST else 'FAIL'}")

    if args.profile:
        import cProfile
        import pstats

        print()
        print(f"cProfile of nnlib.sgd, {args.repeats} epochs (profiler overhead inflates small calls):")
        prof = cProfile.Profile()
        for _ in range(args.repeats):
            net = net0.copy()
            prof.enable()
            nnlib.sgd(net, X, Y, epochs=1, batch_size=BATCH_SIZE, lr=LR, seed=SEED)
            prof.disable()
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
