"""The page's JavaScript twin of nnlib (nnlib/viz/js), tested as a second implementation: in
headless Chromium, at many random states (sizes, activations, costs, lambda, inputs, targets,
parameters), its output a^[L], cost, gradient, SGD step and a few epochs of training with nnlib's
own batch order are nnlib's to 1e-9 relative (1e-12 absolute near zero); bad input throws an Error
that says what was wrong.

Needs Chromium and Playwright, not the built book (the js folder is served by the test itself).
Parameters are read and written through net.get_params() / net.set_params() (layout: per layer
[W^[l] | b^[l]] row after row), the layout nn.Network shares.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from nnlib import ACTIVATIONS, COSTS, Network, TrainingDiverged, TrainingWarning, sgd
from nnlib.viz.playground_data import sgd_batch_orders  # checked here against sgd itself

from .nnjs_page import NNJS, open_nnjs, serve_folder

N_STATES = 240
EPOCHS = 3
RTOL, ATOL = 1e-9, 1e-12
ACTIVATION_NAMES = sorted(ACTIVATIONS)
COST_NAMES = ["quadratic", "cross_entropy"]


@pytest.fixture(scope="module")
def nn_page(chromium_browser):
    """(page, errors): a page with the twin imported as window.nn, and the page's errors."""
    errors = []
    with serve_folder(NNJS) as base_url:
        context = chromium_browser.new_context()
        try:
            yield open_nnjs(context, base_url, errors), errors
        finally:
            context.close()


# Pre-activations for the functions on their own: the kink at 0, tiny, large and overflowing values.
Z_EDGES = [-1e4, -745.2, -40.0, -1.0, -1e-300, -0.0, 0.0, 1e-300, 0.5, 40.0, 745.2, 1e4]


def test_activations_equal_nnlib(nn_page):
    """g(z), g'(z) and g' from the output a = g(z) of every activation, at edge values and random z."""
    page, _ = nn_page
    z = np.concatenate([Z_EDGES, np.random.default_rng(1).normal(0.0, 3.0, 200)])
    js = page.evaluate("""z => Object.fromEntries(Object.values(nn.ACTIVATIONS).map(f => [f.name,
        {g: z.map(f.g), prime: z.map(f.prime), from_output: z.map(v => f.primeFromOutput(f.g(v)))}]))""", z.tolist())
    assert sorted(js) == ACTIVATION_NAMES
    worst = {"relative": 0.0, "absolute near 0": 0.0}
    for name, f in ACTIVATIONS.items():
        compare(js[name]["g"], f.g(z), f"{name}: g", worst)
        compare(js[name]["prime"], f.prime(z), f"{name}: g'", worst)
        compare(js[name]["from_output"], f.prime_from_output(f.g(z)), f"{name}: g' from the output", worst)


def test_costs_equal_nnlib(nn_page):
    """The cost C and the output error delta^[L] of both costs, also where the sigmoid saturates."""
    page, _ = nn_page
    rng = np.random.default_rng(2)
    Z = np.vstack([Z_EDGES, rng.normal(0.0, 5.0, len(Z_EDGES))])
    Y = np.vstack([np.resize([0.0, 1.0, 0.3], len(Z_EDGES)), rng.random(len(Z_EDGES))])
    sigmoid = ACTIVATIONS["sigmoid"]
    A = sigmoid.g(Z)
    js = page.evaluate("""([A, Z, Y]) => {
        [A, Z, Y] = [A, Z, Y].map(rows => nn.Matrix.fromRows(rows));
        const g = nn.ACTIVATIONS.sigmoid;
        return Object.fromEntries(Object.values(nn.COSTS).map(c => [c.name,
            {C: nn.averageCost(c, A, Y, Z), delta: c.outputDelta(A, Y, Z, g).toRows()}]));
    }""", [A.tolist(), Z.tolist(), Y.tolist()])
    assert sorted(js) == sorted(COSTS)
    worst = {"relative": 0.0, "absolute near 0": 0.0}
    for name, cost in COSTS.items():
        compare(js[name]["C"], cost(A, Y, Z), f"{name}: C", worst)
        compare(js[name]["delta"], cost.output_delta(A, Y, Z, sigmoid), f"{name}: delta^[L]", worst)


def random_state(rng, k):
    """State k: every hidden activation and both costs in turn; sizes, lambda, data and theta random.

    Sizes from [1, 1] up to [4, 8, 8, 3]; with the quadratic cost every output activation too.
    """
    hidden = ACTIVATION_NAMES[k % len(ACTIVATION_NAMES)]
    cost = COST_NAMES[(k // len(ACTIVATION_NAMES)) % 2]
    output = "sigmoid" if cost == "cross_entropy" else ACTIVATION_NAMES[(k // 10) % len(ACTIVATION_NAMES)]
    sizes = [int(rng.integers(1, 5)), *rng.integers(1, 9, size=rng.integers(0, 3)).tolist(), int(rng.integers(1, 4))]
    m = int(rng.integers(1, 13))
    l2 = 0.0 if k % 4 < 2 else float(rng.uniform(0.01, 2.0))
    net = Network(sizes, hidden=hidden, output=output, cost=cost, l2=l2)
    net.set_params(rng.normal(0.0, 1.0, net.n_params))
    X = rng.normal(0.0, 1.0, (sizes[0], m))
    if cost == "cross_entropy":  # targets in [0, 1], some exactly 0 or 1
        Y = np.where(rng.random((sizes[-1], m)) < 0.3, rng.integers(0, 2, (sizes[-1], m)), rng.random((sizes[-1], m)))
    else:
        Y = rng.normal(0.0, 1.0, (sizes[-1], m))
    seed = int(rng.integers(0, 10_000))
    return dict(spec=dict(sizes=sizes, hidden=hidden, output=output, cost=cost, l2=l2), net=net, X=X, Y=Y,
                lr=float(rng.uniform(0.01, 0.3)), batch_size=int(rng.integers(1, m + 1)), seed=seed,
                step_order=sgd_batch_orders(seed, m, 1), orders=sgd_batch_orders(seed, m, EPOCHS))


def nnlib_results(s):
    """What nnlib computes for state s: a^[L], C, the gradient, theta after one full-batch SGD step,
    and the history of EPOCHS epochs of sgd (or the TrainingDiverged it raised)."""
    net, X, Y = s["net"], s["X"], s["Y"]
    dW, db = net.gradients(X, Y)
    out = dict(aL=net.forward(X), cost=net.cost(X, Y),
               grad=np.concatenate([np.hstack([W, b]).ravel() for W, b in zip(dW, db)]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingWarning)  # a run that broke is still a run to compare
        stepped = net.copy()
        sgd(stepped, X, Y, epochs=1, batch_size=None, lr=s["lr"], seed=s["seed"])
        out["step_theta"] = stepped.get_params()
        trained = net.copy()
        try:
            h = sgd(trained, X, Y, epochs=EPOCHS, batch_size=s["batch_size"], lr=s["lr"], seed=s["seed"],
                    record_steps=True)
            out["train"] = dict(cost=h.cost, step_cost=h.step_cost, theta=trained.get_params())
        except TrainingDiverged as exc:
            out["train"] = dict(diverged=str(exc))
    return out


RUN_IN_JS = """states => states.map(s => {
    const make = () => new nn.Network({...s.spec, theta: s.theta});
    const net = make();
    const out = {aL: net.forward(s.X).toRows(), cost: net.cost(s.X, s.Y), grad: Array.from(net.gradient(s.X, s.Y))};
    const stepped = make();
    stepped.train(s.X, s.Y, {orders: s.step_order, batchSize: null, lr: s.lr});
    out.step_theta = Array.from(stepped.getParams());
    const trained = make();
    try {
        const h = trained.train(s.X, s.Y, {orders: s.orders, batchSize: s.batch_size, lr: s.lr});
        out.train = {cost: h.cost, step_cost: h.stepCost, theta: Array.from(trained.getParams())};
    } catch (e) {
        out.train = {diverged: e.message};
    }
    return out;
})"""


def compare(js, py, what, worst):
    """Assert js == py entry by entry to RTOL relative or ATOL absolute; track the worst errors."""
    js, py = np.asarray(js, dtype=float), np.asarray(py, dtype=float)
    assert js.shape == py.shape, f"{what}: JavaScript gave shape {js.shape}, nnlib {py.shape}"
    err = np.abs(js - py)
    big = np.abs(py) > ATOL / RTOL  # relative error where it means something, absolute near zero
    worst["relative"] = max(worst["relative"], float(np.max(err[big] / np.abs(py[big]), initial=0.0)))
    worst["absolute near 0"] = max(worst["absolute near 0"], float(np.max(err[~big], initial=0.0)))
    bad = ~(err <= RTOL * np.abs(py) + ATOL)
    assert not bad.any(), (f"{what}: JavaScript and nnlib differ at {np.argwhere(bad)[:3].tolist()}: "
                           f"{js[bad][:3]} vs {py[bad][:3]}")


def test_twin_equals_nnlib_at_random_states(nn_page):
    """a^[L], C, every dW and db, one SGD step and EPOCHS epochs of mini-batch SGD with nnlib's batch
    order: the same numbers in the browser as in nnlib, at N_STATES random states covering every
    hidden and output activation, both costs, lambda = 0 and lambda > 0."""
    page, errors = nn_page
    rng = np.random.default_rng(20261207)
    states = [random_state(rng, k) for k in range(N_STATES)]
    sent = [dict(spec=s["spec"], theta=s["net"].get_params().tolist(), X=s["X"].tolist(), Y=s["Y"].tolist(),
                 lr=s["lr"], batch_size=s["batch_size"], step_order=s["step_order"], orders=s["orders"])
            for s in states]
    results = page.evaluate(RUN_IN_JS, sent)
    worst = {"relative": 0.0, "absolute near 0": 0.0}
    covered, n_trained = set(), 0
    for k, (s, js) in enumerate(zip(states, results)):
        py = nnlib_results(s)
        label = f"state {k} {s['spec']}, m = {s['X'].shape[1]}"
        for key in ("aL", "cost", "grad", "step_theta"):
            compare(js[key], py[key], f"{label}: {key}", worst)
        if "diverged" in py["train"]:
            assert "NaN or infinite" in js["train"].get("diverged", ""), f"{label}: nnlib diverged, JavaScript did not"
            continue
        assert "diverged" not in js["train"], f"{label}: JavaScript diverged ({js['train']['diverged']}), nnlib did not"
        for key in ("cost", "step_cost", "theta"):
            compare(js["train"][key], py["train"][key], f"{label}: training, {key}", worst)
        n_trained += 1
        covered.add((s["spec"]["hidden"], s["spec"]["output"], s["spec"]["cost"], s["spec"]["l2"] > 0))
    print(f"\n{N_STATES} states ({n_trained} trained {EPOCHS} epochs): largest relative error "
          f"{worst['relative']:.2e}, largest absolute error near 0 {worst['absolute near 0']:.2e}")
    hidden_cost_l2 = {(h, c, l2) for h, _, c, l2 in covered}
    assert len(hidden_cost_l2) == len(ACTIVATION_NAMES) * 2 * 2, "not every hidden activation x cost x lambda trained"
    assert {o for _, o, c, _ in covered if c == "quadratic"} == set(ACTIVATION_NAMES)
    assert n_trained >= 0.9 * N_STATES
    assert not errors, errors


# Bad input: (what is called, with what; phrases the Error's message must contain)
GOOD = "{sizes: [2, 3, 1], theta: Array(13).fill(0.1)}"
XY = "[[0.1, 0.2], [0.3, 0.4]], [[1, 0]]"
BAD_INPUT = [
    ("new nn.Network({sizes: [2, 1], hidden: 'swish', theta: Array(3).fill(0)})",
     ["unknown activation", '"swish"', "identity, leaky_relu, relu, sigmoid, tanh"]),
    ("new nn.Network({sizes: [2, 1], cost: 'hinge', theta: Array(3).fill(0)})",
     ["unknown cost", '"hinge"', "cross_entropy, quadratic"]),
    ("new nn.Network({sizes: [2, 1], output: 'tanh', cost: 'cross_entropy', theta: Array(3).fill(0)})",
     ["cross_entropy", "output 'sigmoid'", "not 'tanh'"]),
    ("new nn.Network({sizes: [2, 0, 1], theta: []})", ["positive integers", "sizes[1] is 0"]),
    ("new nn.Network({sizes: [2], theta: []})", ["at least two layer sizes"]),
    ("new nn.Network({sizes: [2, 3, 1], theta: Array(12).fill(0)})", ["13 numbers", "array of length 12"]),
    ("new nn.Network({sizes: [2, 1], l2: -1, theta: Array(3).fill(0)})", ["l2 must be >= 0", "-1"]),
    (f"new nn.Network({GOOD}).forward([[1, 2, 3], [4, 5, 6], [7, 8, 9]])", ["X has shape (3, 3)", "expected (2, m)"]),
    (f"new nn.Network({GOOD}).forward([[1, 2], [3, 4], [5, 6]])", ["X has shape (3, 2)", "transposed"]),
    (f"new nn.Network({GOOD}).forward([[1, NaN], [3, 4]])", ["finite", "X[0][1] is NaN"]),
    (f"new nn.Network({GOOD}).forward([[1, 2], [3]])", ["rows of equal length", "row 1 has 1"]),
    (f"new nn.Network({GOOD}).cost([[0.1, 0.2], [0.3, 0.4]], [[1, 0, 1]])", ["Y has shape (1, 3)", "expected (1, 2)"]),
    (f"new nn.Network({GOOD}).gradient([[0.1, 0.2], [0.3, 0.4]], [[1], [0]])", ["Y has shape (2, 1)", "expected (1, 2)"]),
    (f"new nn.Network({GOOD}).epoch({XY}, [0, 0], 1, 0.1)", ["permutation of 0..1", "[0,0]"]),
    (f"new nn.Network({GOOD}).epoch({XY}, [1, 0], 0, 0.1)", ["batchSize must be > 0"]),
    (f"new nn.Network({GOOD}).epoch({XY}, [1, 0], 1.5, 0.1)", ["batchSize must be a finite integer", "1.5"]),
    (f"new nn.Network({GOOD}).step({XY}, -0.1)", ["lr must be > 0", "-0.1"]),
    (f"new nn.Network({GOOD}).train({XY}, {{orders: [], lr: 0.1}})", ["orders must be a non-empty array"]),
    ("new nn.Matrix(2, 2, [1, 2, 3])", ["(2, 2) matrix needs 4 numbers", "got 3"]),
]


@pytest.mark.parametrize("call, phrases", BAD_INPUT, ids=[c.split("(")[0] + "/" + p[0] for c, p in BAD_INPUT])
def test_bad_input_throws_a_clear_error(nn_page, call, phrases):
    page, _ = nn_page
    message = page.evaluate(f"() => {{ try {{ {call}; return null; }} catch (e) {{ return e.message; }} }}")
    assert message is not None, f"{call} did not throw"
    for phrase in phrases:
        assert phrase in message, f"{call}: {phrase!r} is not in the message {message!r}"


def test_divergence_throws_where_nnlib_raises(nn_page):
    """A learning rate far too large: nnlib.sgd raises TrainingDiverged, the twin throws, both at
    the same step."""
    page, _ = nn_page
    net = Network([1, 1], hidden="identity", output="identity", cost="quadratic")
    X, Y = np.array([[1e3, -2e3, 3e3]]), np.array([[1.0, 2.0, 3.0]])
    with pytest.raises(TrainingDiverged) as raised:
        sgd(net.copy(), X, Y, epochs=50, batch_size=1, lr=10.0, seed=4)
    message = page.evaluate(
        """([spec, X, Y, orders]) => { try { new nn.Network(spec).train(X, Y, {orders, batchSize: 1, lr: 10});
                                            return null; } catch (e) { return e.message; } }""",
        [dict(sizes=[1, 1], hidden="identity", output="identity", theta=net.get_params().tolist()),
         X.tolist(), Y.tolist(), sgd_batch_orders(4, 3, 50)])
    assert message is not None and "NaN or infinite" in message and "smaller learning rate" in message, message
    where = str(raised.value).split(";")[0]
    assert message.startswith(where), f"nnlib: {raised.value}; JavaScript: {message}"
