"""The SGD chapter: per-example gradients, the SGD paths its figures show, the claims it makes over
many runs (one per shuffling seed), both faces of its interactive, and the check_minibatches
self-check.

Independent references written here: centred finite differences of each example's own loss, the
sigmoid neuron's gradient in closed form with math.exp, and a hand-written mini-batch loop.
"""
import json
import math

import numpy as np
import pytest

import nnlib
from nnlib.checks.minibatches import check_minibatches
from nnlib.per_example import per_example_flat, per_example_gradients
from nnlib.viz import sgd as S
from nnlib.viz.neuron import one_neuron

X_DATA, Y_DATA = S.exam_data()
XS, YS = [float(v) for v in X_DATA[0]], [float(v) for v in Y_DATA[0]]


def sig(z):
    return 1 / (1 + math.exp(-z)) if z > -700 else 0.0


def cost_by_hand(w, b):
    return sum((sig(w * x + b) - y) ** 2 for x, y in zip(XS, YS)) / len(XS)


def grad_by_hand(w, b, idx):
    """Mean over the examples idx of (dC_0^(i)/dw, dC_0^(i)/db) = 2 (a - y) a (1 - a) (x, 1)."""
    gw = gb = 0.0
    for i in idx:
        a = sig(w * XS[i] + b)
        common = 2 * (a - YS[i]) * a * (1 - a)
        gw, gb = gw + common * XS[i], gb + common
    return gw / len(idx), gb / len(idx)


def hand_sgd(batch_size, lr, epochs, seed=S.SEED, start=S.START):
    """Mini-batch SGD written out: shuffle each epoch with rng.permutation, split, step."""
    w, b = start
    path = [(w, b)]
    rng = np.random.default_rng(seed)
    m = len(XS)
    B = m if batch_size is None else min(batch_size, m)
    for _ in range(epochs):
        order = [int(i) for i in rng.permutation(m)]
        for k in range(0, m, B):
            gw, gb = grad_by_hand(w, b, order[k:k + B])
            w, b = w - lr * gw, b - lr * gb
            path.append((w, b))
    return np.array(path)


# --------------------------------------------------------------------------------------
# per_example_gradients
# --------------------------------------------------------------------------------------
NETS = [
    dict(sizes=[3, 4, 2]),
    dict(sizes=[2, 5, 3, 2], hidden="tanh", output="identity", l2=0.3),
    dict(sizes=[3, 4, 4, 1], hidden="relu", output="sigmoid", cost="cross_entropy", l2=0.1),
    dict(sizes=[1, 1]),
]


def _loss_i(net, x, y, m):
    """Example i's own cost C_0^(i) (plus its share (lambda/2m) sum ||W||^2 of the penalty)."""
    single = net.cost(x, y)  # a batch of one: C_0^(i) + (lambda/2) sum ||W||^2
    if net.l2:
        single -= net.l2 / 2 * sum(float(np.sum(W * W)) for W in net.W)
        single += net.l2 / (2 * m) * sum(float(np.sum(W * W)) for W in net.W)
    return single


@pytest.mark.parametrize("spec", NETS)
def test_per_example_gradients_are_finite_differences_of_each_loss(spec):
    spec = dict(spec)
    sizes = spec.pop("sizes")
    net = nnlib.Network(sizes, seed=4, **spec)
    rng = np.random.default_rng(5)
    m = 5
    X = rng.normal(0, 1, (sizes[0], m))
    Y = rng.uniform(0.05, 0.95, (sizes[-1], m))
    dW, db = per_example_gradients(net, X, Y)
    assert [g.shape for g in dW] == [(m, *W.shape) for W in net.W]
    assert [g.shape for g in db] == [(m, *b.shape) for b in net.b]
    eps = 1e-6
    for i in range(m):
        x, y = X[:, i:i + 1], Y[:, i:i + 1]
        for params, grads in ((net.W, dW), (net.b, db)):
            for P, G in zip(params, grads):
                for idx in np.ndindex(P.shape):
                    saved = P[idx]
                    P[idx] = saved + eps
                    plus = _loss_i(net, x, y, m)
                    P[idx] = saved - eps
                    minus = _loss_i(net, x, y, m)
                    P[idx] = saved
                    assert G[(i, *idx)] == pytest.approx((plus - minus) / (2 * eps), rel=1e-5, abs=1e-8)
    gW, gb = net.gradients(X, Y)
    for per, full in zip([*dW, *db], [*gW, *gb]):
        assert np.allclose(per.mean(axis=0), full, rtol=1e-12, atol=1e-15)
    flat = per_example_flat(net, X, Y)
    assert flat.shape == (m, net.n_params)
    assert np.allclose(flat.mean(axis=0), net.backward_flat(net.forward_trace(X), Y))


def test_per_example_gradients_at_the_centre_are_plus_minus_a_quarter():
    net = one_neuron(0.0, 0.0)
    dW, db = per_example_gradients(net, X_DATA, Y_DATA)
    sign = np.where(Y_DATA[0] == 0, 1.0, -1.0)
    assert dW[1][:, 0, 0] == pytest.approx(sign * X_DATA[0] / 4)
    assert db[1][:, 0, 0] == pytest.approx(sign / 4)


def test_per_example_gradients_do_not_change_the_network_and_one_example_is_the_gradient():
    net = nnlib.Network([2, 3, 1], seed=1)
    theta = net.get_params()
    x, y = np.array([[0.3], [-1.2]]), np.array([[1.0]])
    dW, db = per_example_gradients(net, x, y)
    gW, gb = net.gradients(x, y)
    assert all(np.allclose(a[0], b) for a, b in zip([*dW, *db], [*gW, *gb]))
    assert np.array_equal(net.get_params(), theta)


@pytest.mark.parametrize("X, Y, words", [
    (np.zeros((3, 4)), np.zeros((1, 4)), "X"),
    (np.zeros((2, 4)), np.zeros((1, 5)), "Y"),
    (np.zeros((2, 4)), np.zeros((2, 4)), "Y"),
    (np.full((2, 2), np.nan), np.zeros((1, 2)), "X"),
])
def test_per_example_gradients_reject_bad_input(X, Y, words):
    with pytest.raises(ValueError, match=words):
        per_example_gradients(nnlib.Network([2, 3, 1]), X, Y)


# --------------------------------------------------------------------------------------
# The update function: paths of nnlib.sgd
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("B, lr", [(1, 0.5), (4, 1.0), (20, 4.0), (50, 2.0), (None, 1.0), (200, 0.25), (64, 1.0)])
def test_sgd_path_is_a_hand_written_minibatch_loop(B, lr):
    epochs = 1 if B == 1 else 2
    p = S.sgd_path(B, lr, epochs=epochs)
    ref = hand_sgd(B, lr, epochs)
    assert p.n_steps == len(ref) - 1 == epochs * math.ceil(200 / (200 if B is None else B))
    assert np.allclose(p.w, ref[:, 0], rtol=1e-10, atol=1e-12)
    assert np.allclose(p.b, ref[:, 1], rtol=1e-10, atol=1e-12)
    size = 200 if B is None else B
    expected_examples = np.concatenate([[0], np.cumsum([min(size, 200 - k) for k in range(0, 200, size)] * epochs)])
    assert list(p.examples) == list(expected_examples) and p.examples[-1] == 200 * epochs
    for k in (0, 1, p.n_steps // 2, p.n_steps):
        assert p.cost[k] == pytest.approx(cost_by_hand(p.w[k], p.b[k]), rel=1e-10)
    # nnlib's own history: the cost before training and after each epoch
    ends = [0] + [e * math.ceil(200 / size) for e in range(1, epochs + 1)]
    assert p.epoch_cost == pytest.approx([p.cost[k] for k in ends], rel=1e-10)


def test_costs_along_and_the_grid_are_network_costs():
    w, b = np.array([-1.0, 0.0, 2.5, 3.9]), np.array([1.0, 0.0, -6.0, -9.1])
    assert S.costs_along(w, b) == pytest.approx([one_neuron(u, v).cost(X_DATA, Y_DATA) for u, v in zip(w, b)], rel=1e-12)
    grid = S.cost_grid()
    assert grid.shape == (len(S.GRID_B), len(S.GRID_W))
    for i, j in [(0, 0), (10, 30), (56, 40)]:
        assert grid[i, j] == pytest.approx(cost_by_hand(S.GRID_W[j], S.GRID_B[i]), rel=1e-10)


def test_lowest_point_and_examples_to_reach():
    w, b, c = S.lowest_point()
    assert c == pytest.approx(cost_by_hand(w, b), rel=1e-10)
    assert max(abs(g) for g in grad_by_hand(w, b, range(200))) < 1e-4
    assert c <= S.cost_grid().min() + 1e-9
    p = S.sgd_path(10, 1.0, epochs=4)
    n = S.examples_to_reach(p, 0.1)
    k = list(p.examples).index(n)
    assert p.cost[k] <= 0.1 and all(c > 0.1 for c in p.cost[:k])
    assert S.examples_to_reach(p, 0.0) is None


def test_gradient_estimate_and_spread():
    e = S.gradient_estimate(0.0, 0.0)
    assert e.mean == pytest.approx(grad_by_hand(0.0, 0.0, range(200)), rel=1e-12)
    assert e.true == pytest.approx(e.mean, rel=1e-12)
    assert len(set(e.batch.tolist())) == S.ESTIMATE_BATCH
    assert e.batch_mean == pytest.approx(grad_by_hand(0.0, 0.0, e.batch.tolist()), rel=1e-12)
    assert e.batch_grad == pytest.approx(e.batch_mean, rel=1e-12)
    s = S.gradient_spread(0.0, 0.0, batch_sizes=(1, 4, 16), draws=3000, seeds=(0, 1, 2, 3))
    s2 = np.mean([(gw - e.true[0]) ** 2 + (gb - e.true[1]) ** 2 for gw, gb in e.per_example])
    assert s.s2 == pytest.approx(s2)
    assert s.corrected == pytest.approx(s2 / np.array([1, 4, 16]) * (200 - np.array([1, 4, 16])) / 199)
    assert s.per_seed.shape == (4, 3) and s.variance == pytest.approx(s.per_seed.mean(axis=0))
    assert s.per_seed == pytest.approx(np.tile(s.corrected, (4, 1)), rel=0.12)  # each seed's 3,000 draws
    assert s.variance == pytest.approx(s.corrected, rel=0.06)  # their mean, 12,000 draws


def test_gradient_spread_over_other_seeds_agrees_with_the_formula():
    """The chapter's claims (every seed within 10 % of the corrected formula, the mean within 3 %, the
    slope that of the formula) hold for other seeds than the book's, too."""
    s = S.gradient_spread(seeds=tuple(range(50, 60)))
    assert np.abs(s.per_seed / s.corrected - 1).max() < 0.1
    assert s.variance == pytest.approx(s.corrected, rel=0.03)
    log_B = np.log(s.batch_sizes)
    assert np.polyfit(log_B, np.log(s.variance), 1)[0] == pytest.approx(np.polyfit(log_B, np.log(s.corrected), 1)[0],
                                                                        abs=0.02)


def test_estimate_angles_are_angles_of_hand_computed_minibatch_gradients():
    true = np.array(grad_by_hand(0.0, 0.0, range(200)))
    angles = S.estimate_angles(seeds=(0, 3, 8))
    for seed, angle in zip((0, 3, 8), angles):
        batch = [int(i) for i in np.random.default_rng(seed).permutation(200)[:S.ESTIMATE_BATCH]]
        g = np.array(grad_by_hand(0.0, 0.0, batch))
        cos = g @ true / math.hypot(*g) / math.hypot(*true)
        assert angle == pytest.approx(math.degrees(math.acos(cos)), abs=1e-9)
    # the chapter's claim: most of 100 mini-batches of 10 point within 30 degrees, some far off; it
    # holds for other sets of 100 seeds too
    for seeds in (S.ANGLE_SEEDS, tuple(range(1000, 1100))):
        angles = S.estimate_angles(seeds=seeds)
        assert np.sum(angles < 30) >= 65 and np.median(angles) < 20 and np.sum(angles > 45) >= 2


def test_bad_and_extreme_settings():
    with pytest.raises(ValueError, match="batch_size"):
        S.sgd_path(0, 1.0)
    with pytest.raises(ValueError, match="batch_size"):
        S.sgd_path(2.5, 1.0)
    with pytest.raises(ValueError, match="lr"):
        S.sgd_path(4, -1.0)
    tiny = S.sgd_path(1, 1e-9, epochs=1)
    assert np.allclose(tiny.w, S.START[0], atol=1e-8) and np.allclose(tiny.b, S.START[1], atol=1e-8)
    huge = S.sgd_path(1, 1e4, epochs=1)  # saturated sigmoid: no NaN, just a bad place
    assert np.all(np.isfinite(huge.cost)) and np.all(np.isfinite(huge.w))
    assert S.sgd_path(10_000, 1.0, epochs=1).n_steps == 1  # B > m: one full batch
    for B in (S.BATCH_SIZES[0], S.BATCH_SIZES[-1]):
        for lr in (S.LEARNING_RATES[0], S.LEARNING_RATES[-1]):
            state = S.sgd_state(B, lr)
            assert state["layout"]["title.text"].startswith(f"B = {B}, η = {lr:g}:")


# --------------------------------------------------------------------------------------
# Claims over seeds: the measures, the runs, the race
# --------------------------------------------------------------------------------------
def _path(cost, examples=None, w=None, b=None, batch_size=200):
    cost = np.asarray(cost, float)
    n = len(cost)
    examples = np.arange(n) * batch_size if examples is None else np.asarray(examples)
    w = np.zeros(n) if w is None else np.asarray(w, float)
    b = np.zeros(n) if b is None else np.asarray(b, float)
    return S.SGDPath(batch_size, 1.0, 1, w, b, examples, cost, [])


def test_measures_of_a_path_by_hand():
    p = _path([0.5, 0.3, 0.08, 0.2, 0.46, 0.09], examples=[0, 100, 200, 300, 400, 500], batch_size=100,
              w=[0, 3, 3, 0, 0, 1], b=[0, 4, 0, 0, 0, 0])
    # trapezoids of width 100, divided by the width 500
    assert S.average_cost(p) == pytest.approx(100 * (0.8 + 0.38 + 0.28 + 0.66 + 0.55) / 2 / 500)
    assert S.last_epoch_cost(p) == pytest.approx((0.46 + 0.09) / 2)  # 200 examples per epoch: 2 steps
    assert S.examples_to_reach(p) == 200
    assert S.thrown_back(p)  # reached 0.08, later 0.46 > 0.45
    assert not S.thrown_back(p, plateau=0.5)
    assert not S.thrown_back(_path([0.5, 0.47, 0.3, 0.2]))  # never reached the valley
    assert S.cost_rises(p) == 2
    assert S.path_length(p) == pytest.approx(5 + 4 + 3 + 0 + 1)


def test_runs_are_sgd_paths_of_each_seed_and_shared():
    rs = S.runs(10, 2.0, epochs=2, seeds=(3, 5))
    for seed, p in zip((3, 5), rs):
        q = S.sgd_path(10, 2.0, epochs=2, seed=seed)
        assert np.array_equal(p.w, q.w) and np.array_equal(p.cost, q.cost)
    assert S.runs(10, 2.0, epochs=2, seeds=(3, 5))[0] is rs[0]  # cached
    assert S.runs(None, 1.0, epochs=1, seeds=(0,))[0].batch_size == 200
    assert rs[0].cost[-1] != rs[1].cost[-1]  # another seed, another run


def test_three_walkers_over_seeds_by_hand():
    """The chapter's claims at η = 1 over 20 runs, recomputed with the hand-written loop for the full
    batch and the mini-batches of 10 (the single examples with nnlib, checked above against it)."""
    over = S.three_paths_over_seeds()
    full, mini, single = over.values()
    assert len(mini) == len(S.RUN_SEEDS) == 20
    for seed in S.RUN_SEEDS:
        ref = hand_sgd(10, 1.0, 10, seed=seed)
        costs = [cost_by_hand(w, b) for w, b in ref]
        first = next(k for k, c in enumerate(costs) if c <= 0.1)
        assert S.examples_to_reach(mini[S.RUN_SEEDS.index(seed)]) == 10 * first
        assert 600 < 10 * first < 800  # every mini-batch run reaches the valley after 600 to 800 examples
    ref_full = hand_sgd(None, 1.0, 10)
    assert min(cost_by_hand(w, b) for w, b in ref_full) > 0.2  # full batch: still high after 2,000
    single_need = [S.examples_to_reach(p) for p in single]
    assert max(single_need) < 300  # single examples first: all within 300 examples
    assert min(S.cost_rises(p) for p in single) > 0.52 * 2000  # rises on more than half of the steps
    n_full = S.examples_to_reach(S.full_batch_to_threshold())
    assert n_full > 10 * 800


def test_the_race_picks_each_walkers_best_rate_by_hand():
    r = S.race(lrs=(0.5, 4.0), seeds=(0, 1))
    for B, label, _ in S.THREE:
        scores = []
        for lr in (0.5, 4.0):
            per_seed = []
            for seed in (0, 1):
                ref = hand_sgd(B, lr, S.THREE_EPOCHS, seed=seed) if B != 1 else None
                if ref is None:  # 2,000 single steps: nnlib's path, checked against hand_sgd above
                    p = S.sgd_path(1, lr, S.THREE_EPOCHS, seed=seed)
                    ref = np.column_stack([p.w, p.b])
                costs = np.array([cost_by_hand(w, b) for w, b in ref])
                step = 200 if B is None else B
                per_seed.append(np.trapezoid(costs, dx=step) / 2000)
            scores.append(per_seed)
        assert r.score[label] == pytest.approx(np.array(scores), abs=1e-6)
        assert r.best[label] == (0.5, 4.0)[int(np.argmin(np.mean(scores, axis=1)))]


def test_the_race_claims():
    """With the book's grid and seeds: each walker's best rate lies inside the grid; at its best the full
    batch scores more than twice as badly as the other walkers' worst runs, ends outside the valley and,
    run on, needs more than 8 times the examples; a large rate only lets it touch the valley."""
    r = S.race()
    FB, MB, SE = (label for _, label, _ in S.THREE)
    assert all(r.lrs[0] < lr < r.lrs[-1] for lr in r.best.values())
    best = {label: r.score[label][r.lrs.index(r.best[label])] for label in r.best}
    assert best[FB].min() > 2 * max(best[MB].max(), best[SE].max())
    assert r.final[FB].min() > 0.15 and max(r.final[MB].max(), r.final[SE].max()) < 0.09
    n_tuned = S.examples_to_reach(S.full_batch_to_threshold(r.best[FB]))
    assert n_tuned > 8 * max(r.reach[MB]) and n_tuned > 8 * max(r.reach[SE])
    bounce = S.runs(None, 16.0, S.THREE_EPOCHS, r.seeds)
    assert all(S.examples_to_reach(p) < 2000 and p.cost[-1] > 0.3 for p in bounce)


def test_the_exercise_claims_at_learning_rate_4():
    """Exercise ex-sgd-predict: counts over the 20 runs of each batch size at η = 4."""
    n = len(S.RUN_SEEDS)
    thrown = {B: sum(S.thrown_back(p) for p in S.runs(B, 4.0)) for B in S.BATCH_SIZES}
    reached = {B: sum(S.examples_to_reach(p) is not None for p in S.runs(B, 4.0)) for B in S.BATCH_SIZES}
    assert thrown[20] == thrown[50] == thrown[200] == 0 and reached[200] == 0 and reached[50] <= n // 4
    assert min(reached[20], reached[4], reached[1]) >= 0.75 * n
    assert 0 < thrown[4] < thrown[1] and thrown[1] >= 0.75 * n and thrown[1] > 0.5 * reached[1]
    stuck = sum(p.cost[-1] > S.PLATEAU for p in S.runs(1, 4.0))
    assert stuck < n / 2
    thrown1 = {lr: sum(S.thrown_back(p) for p in S.runs(1, lr)) for lr in S.LEARNING_RATES}
    assert thrown1[0.25] == thrown1[0.5] == thrown1[1.0] == 0 and thrown1[2.0] >= 3


# --------------------------------------------------------------------------------------
# Both faces of the interactive
# --------------------------------------------------------------------------------------
def _check_state(data, title, B, lr):
    """data: {trace: props} as the figure shows them; B, lr: the chosen values."""
    p = S.sgd_path(B, lr)
    full = S.sgd_path(None, lr)
    ref = hand_sgd(B, lr, S.EPOCHS)
    assert np.asarray(data[S.T_PATH]["x"], float) == pytest.approx(ref[:, 0], abs=1e-4)
    assert np.asarray(data[S.T_PATH]["y"], float) == pytest.approx(ref[:, 1], abs=1e-4)
    assert np.asarray(data[S.T_PATH_COST]["x"], float) == pytest.approx(p.examples)
    assert np.asarray(data[S.T_PATH_COST]["y"], float) == pytest.approx([cost_by_hand(w, b) for w, b in ref], abs=1e-4)
    assert np.asarray(data[S.T_FULL]["x"], float) == pytest.approx(full.w, abs=1e-4)
    assert np.asarray(data[S.T_FULL_COST]["y"], float) == pytest.approx(full.cost, abs=1e-4)
    assert title == (f"B = {B}, η = {lr:g}: {p.n_steps} steps in {S.EPOCHS} epochs, final cost C = "
                     f"{cost_by_hand(*ref[-1]):.4f}  (full batch: {full.n_steps} steps, C = {full.cost[-1]:.4f})")
    # the final costs of the runs of every seed, at the end of the cost panel
    ends = data[S.T_ENDS]
    assert len(ends["y"]) == len(S.RUN_SEEDS) == 20 and set(np.asarray(ends["x"], float)) == {S.EPOCHS * 200}
    for k in (0, 7, 19):
        seed = S.RUN_SEEDS[k]
        assert float(ends["y"][k]) == pytest.approx(S.sgd_path(B, lr, seed=seed).cost[-1], abs=1e-4)
        if lr <= 1:  # larger steps are chaotic: the last bits of math.exp against numpy change where they end
            assert float(ends["y"][k]) == pytest.approx(cost_by_hand(*hand_sgd(B, lr, S.EPOCHS, seed=seed)[-1]),
                                                        abs=1e-4)


def test_explorer_config_carries_what_the_page_trains_from():
    """The page's explorer gets the students, the start, nnlib.sgd's own batch orders for every seed
    (decoded as playground.js does), the choices and the ranges; bad starts are refused."""
    config = S.explorer_config()
    X, Y = S.exam_data()
    assert config["X"] == X.tolist() and config["Y"] == Y.tolist()
    assert config["start"] == {"batch_size": S.INITIAL[0], "lr": S.INITIAL[1]}
    assert config["start_point"] == list(S.START) and config["epochs"] == S.EPOCHS
    assert config["batch_sizes"] == list(S.BATCH_SIZES) and config["seed"] in config["run_seeds"]
    assert config["run_seeds"] == list(S.RUN_SEEDS) and sorted(config["orders"]) == sorted(map(str, S.RUN_SEEDS))
    for seed in (S.SEED, S.RUN_SEEDS[-1]):
        encoded = config["orders"][str(seed)]
        w = encoded["width"]
        orders = [[int(text[k:k + w], 36) for k in range(0, len(text), w)] for text in encoded["epochs"]]
        rng = np.random.default_rng(seed)  # what nnlib.sgd draws, one permutation per epoch
        assert orders == [rng.permutation(S.M).tolist() for _ in range(S.EPOCHS)]
    lw, lb, lc = S.lowest_point()
    assert config["lowest"] == {"w": lw, "b": lb, "cost": lc}
    lo, hi = config["lr_range"]
    s = config["slider"]
    assert lo == 10 ** s["lo"] and abs(10 ** (s["lo"] + s["positions"] / s["per_decade"]) - hi) < 0.1
    assert all(lo <= lr <= hi for lr in S.LEARNING_RATES)
    json.dumps(config)
    assert S.explorer_config(200, 0.013)["start"] == {"batch_size": 200, "lr": 0.013}
    for bad in [dict(batch_size=3), dict(batch_size=None), dict(lr=0.0), dict(lr=25.0)]:
        with pytest.raises(ValueError, match="batch_size|lr"):
            S.explorer_config(**bad)
    html = S.sgd_explorer()._repr_html_()
    assert "mountSGD" in html and "sgd_explorer.js" in html and len(html) < 150_000, len(html)


def test_live_app_redraws_with_the_same_numbers():
    app = S.sgd_app()
    sliders = [c for c in app.children if hasattr(c, "options")]
    assert [s.value for s in sliders] == ["4", "1"]
    assert app.children[-1] is app.view
    for B, lr in [("20", "2"), ("1", "0.25"), ("200", "4")]:
        sliders[0].value, sliders[1].value = B, lr
        fig = app.view.figure_dict()  # what the view sent to the page
        data = {i: {k: t.get(k) for k in ("x", "y")} for i, t in enumerate(fig["data"])}
        _check_state(data, fig["layout"]["title"]["text"], int(B), float(lr))


def test_figures_describe_themselves():
    for fig in (S.three_paths_figure(), S.gradient_estimate_figure(), S.spread_figure(), S.race_figure()):
        alt = fig.layout.meta["alt"]
        assert len(alt) > 150 and "nan" not in alt
    e = S.gradient_estimate()
    fig = S.gradient_estimate_figure()
    blue = next(t for t in fig.data if (t.name or "").startswith("full-batch step"))
    assert (blue.x[1], blue.y[1]) == pytest.approx((-S.ESTIMATE_LR * e.true[0], -S.ESTIMATE_LR * e.true[1]))


# --------------------------------------------------------------------------------------
# check_minibatches
# --------------------------------------------------------------------------------------
def good(X, Y, B, rng):
    order = rng.permutation(X.shape[1])
    return [(X[:, order[k:k + B]], Y[:, order[k:k + B]]) for k in range(0, X.shape[1], B)]


def good_generator(X, Y, B, rng):
    order = rng.permutation(X.shape[1])
    for k in range(0, X.shape[1], B):
        yield X[:, order[k:k + B]], Y[:, order[k:k + B]]


def good_split(X, Y, B, rng):
    order = rng.permutation(X.shape[1])
    Xs, Ys = X[:, order], Y[:, order]
    n = -(-X.shape[1] // B)
    return list(zip(np.array_split(Xs, [B * k for k in range(1, n)], axis=1),
                    np.array_split(Ys, [B * k for k in range(1, n)], axis=1)))


def test_check_passes_correct_code():
    for fn in (good, good_generator, good_split):
        result = check_minibatches(fn)
        assert result.passed, str(result)


def _stub(*args):
    raise NotImplementedError


MISTAKES = {
    "no shuffle": (lambda X, Y, B, rng: [(X[:, k:k + B], Y[:, k:k + B]) for k in range(0, X.shape[1], B)],
                   "nothing was shuffled"),
    "two shuffles": (lambda X, Y, B, rng: (lambda o, p: [(X[:, o[k:k + B]], Y[:, p[k:k + B]])
                                                          for k in range(0, X.shape[1], B)])(
        rng.permutation(X.shape[1]), rng.permutation(X.shape[1])), "SAME order"),
    "drops the last": (lambda X, Y, B, rng: (lambda o: [(X[:, o[k:k + B]], Y[:, o[k:k + B]])
                                                        for k in range(0, X.shape[1] - B + 1, B)])(
        rng.permutation(X.shape[1])), "last, smaller batch"),
    "with replacement": (lambda X, Y, B, rng: (lambda o: [(X[:, o[k:k + B]], Y[:, o[k:k + B]])
                                                          for k in range(0, X.shape[1], B)])(
        rng.integers(0, X.shape[1], X.shape[1])), "without repeats"),
    "global generator": (lambda X, Y, B, rng: (lambda o: [(X[:, o[k:k + B]], Y[:, o[k:k + B]])
                                                          for k in range(0, X.shape[1], B)])(
        np.random.permutation(X.shape[1])), "global generator"),
    "fixed seed": (lambda X, Y, B, rng: (lambda o: [(X[:, o[k:k + B]], Y[:, o[k:k + B]])
                                                    for k in range(0, X.shape[1], B)])(
        np.random.default_rng(0).permutation(X.shape[1])), "default_rng(0)"),
    "None": (lambda X, Y, B, rng: None, "return"),
    "stub": (_stub, None),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_check_names_the_mistake(name):
    fn, words = MISTAKES[name]
    result = check_minibatches(fn)
    assert not result.passed
    text = str(result)
    assert "check_minibatches" in text and "Traceback" not in text
    if words is None:
        assert result.message.startswith("not implemented yet")
    else:
        assert words in result.message + result.hint, text


def test_check_catches_in_place_shuffles():
    def in_place(X, Y, B, rng):
        o = rng.permutation(X.shape[1])
        X[:], Y[:] = X[:, o], Y[:, o]
        return [(X[:, k:k + B], Y[:, k:k + B]) for k in range(0, X.shape[1], B)]

    result = check_minibatches(in_place)
    assert not result.passed and "changed X or Y" in result.message
