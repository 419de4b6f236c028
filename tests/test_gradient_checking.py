"""The gradient-checking chapter: planted bugs (nnlib.planted_bugs), its interactive and tables
(nnlib.viz.gradient_checking) and the self-check check_centred_difference.

The independent reference here is a sigmoid network written out with np.exp, its quadratic
cost with the L2 term, centred differences of that cost and a relative error written out again.
"""
import numpy as np
import pytest

import nnlib
from nnlib import planted_bugs as pb
from nnlib.checks.centred_difference import check_centred_difference, reference_centred_difference
from nnlib.viz import gradient_checking as gc
from nnlib.viz.js_modules import JS_DIR
from tests.figure_views import record_shown

ARRAY_ORDER = ("dW[1]", "db[1]", "dW[2]", "db[2]")


# --------------------------------------------------------------------------------------------
# An independent reference: forward pass, cost and centred differences by hand
# --------------------------------------------------------------------------------------------
def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def cost_by_hand(Ws, bs, X, Y, lam):
    a = X
    for W, b in zip(Ws, bs):
        a = sig(W @ a + b)
    m = X.shape[1]
    return np.sum((a - Y) ** 2) / m + lam / (2 * m) * sum(np.sum(W * W) for W in Ws)


def fd_by_hand(net, X, Y, lam, eps=1e-6):
    """Centred differences of cost_by_hand, flat [W1, b1, W2, b2]."""
    Ws = [W.copy() for W in net.W]
    bs = [b.copy() for b in net.b]
    out = []
    for l in range(len(Ws)):
        for P in (Ws[l], bs[l]):
            for i in np.ndindex(P.shape):
                s = P[i]
                P[i] = s + eps
                cp = cost_by_hand(Ws, bs, X, Y, lam)
                P[i] = s - eps
                cm = cost_by_hand(Ws, bs, X, Y, lam)
                P[i] = s
                out.append((cp - cm) / (2 * eps))
    return np.array(out)


def rel_by_hand(g, n):
    return np.abs(g - n) / np.maximum(np.maximum(np.abs(g), np.abs(n)), 1e-8)


def arrays(dW, db):
    return dict(zip(ARRAY_ORDER, (dW[1], db[1], dW[2], db[2])))


# --------------------------------------------------------------------------------------------
# The planted bugs
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lam", [0.0, 1.0])
def test_correct_backprop_passes_and_equals_nnlib(lam):
    net, X, Y = pb.example_problem(l2=lam)
    assert nnlib.gradient_check(net, X, Y, gradients=pb.correct) < 1e-6
    dW, db = pb.correct(net, X, Y)
    gW, gb = net.gradients(X, Y)
    for a, b in zip([*dW, *db], [*gW, *gb]):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-15)
    assert gc._flat(dW, db) == pytest.approx(fd_by_hand(net, X, Y, lam), rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("name", pb.BUGS + ["mystery"])
def test_each_planted_bug_is_caught_on_the_chapters_network(name):
    net, X, Y = pb.example_problem(l2=1.0)
    assert nnlib.gradient_check(net, X, Y, gradients=pb.IMPLEMENTATIONS[name].function) > 1e-3


@pytest.mark.parametrize("lam", [0.0, 1.0])
@pytest.mark.parametrize("name", list(pb.IMPLEMENTATIONS))
def test_each_bug_differs_only_where_its_description_says(name, lam):
    imp = pb.IMPLEMENTATIONS[name]
    net, X, Y = pb.example_problem(l2=lam)
    got = arrays(*imp.function(net, X, Y))
    right = arrays(*net.gradients(X, Y))
    differs = set(imp.differs) if (lam > 0 or name != "bias regularised") else set()
    for key in ARRAY_ORDER:
        same = np.allclose(got[key], right[key], rtol=1e-12, atol=1e-15)
        assert same == (key not in differs), (name, key)
        if key in differs:
            assert np.abs(got[key] - right[key]).max() > 1e-3 * np.abs(right[key]).max()


def test_the_exact_size_of_some_bugs():
    net, X, Y = pb.example_problem(l2=0.0)
    (hW, hb), (gW, gb) = pb.half_output_error(net, X, Y), net.gradients(X, Y)
    for a, b in zip([*hW, *hb], [*gW, *gb]):
        assert a == pytest.approx(0.5 * b, rel=1e-12)
    net, X, Y = pb.example_problem(l2=1.0)
    m = X.shape[1]
    for got, right, b in zip(pb.regularised_bias(net, X, Y)[1], net.gradients(X, Y)[1], net.b):
        assert got == pytest.approx(right + (1.0 / m) * b, rel=1e-12)
    # with one example, = and += are the same; on a 1-1-1 chain a transpose changes nothing
    net, X, Y = pb.example_problem(l2=1.0, m=1)
    assert nnlib.gradient_check(net, X, Y, gradients=pb.overwritten_sum) < 1e-6
    net, X, Y = pb.example_problem(l2=1.0, sizes=(1, 1, 1))
    assert nnlib.gradient_check(net, X, Y, gradients=pb.missing_transpose) < 1e-6


def test_missing_transpose_crashes_only_on_non_square_layers():
    net, X, Y = pb.example_problem(sizes=(3, 4, 2))
    with pytest.raises(ValueError):
        pb.missing_transpose(net, X, Y)
    dW, db = pb.missing_transpose(*pb.example_problem())
    assert [d.shape for d in dW] == [(3, 3), (3, 3)]


@pytest.mark.parametrize("sizes", [(2, 5, 3), (4, 3, 2, 1), (1, 1, 1)])
def test_correct_backprop_on_other_networks(sizes):
    net, X, Y = pb.example_problem(l2=0.5, sizes=sizes, m=3, seed=9)
    dW, db = pb.correct(net, X, Y)
    from nnlib.loop_backprop import loop_gradients

    lW, lb = loop_gradients(net, X, Y)
    for a, b in zip([*dW, *db], [*lW, *lb]):
        assert a == pytest.approx(b, rel=1e-10, abs=1e-14)
    assert nnlib.gradient_check(net, X, Y, gradients=pb.correct) < 1e-6


def test_backprop_refuses_networks_it_was_not_written_for():
    net = nnlib.Network([2, 2, 1], hidden="relu")
    with pytest.raises(ValueError, match="sigmoid"):
        pb.correct(net, np.ones((2, 3)), np.ones((1, 3)))


def test_piece_sources_show_the_buggy_line():
    expected = {
        "1/m for 2/m": "(1 / m) * (a_L - y)", "missing transpose": "(W_next @ delta_next)",
        "= for +=": "Delta = term", "bias regularised": "(lam / m) * b", "σ for σ′": "return a\n",
        "mystery": "return W_next.T @ delta_next\n",
    }
    for name, line in expected.items():
        right, wrong = pb.piece_sources(name)
        assert line in wrong and line not in right, name
        assert pb.IMPLEMENTATIONS[name].bug and pb.IMPLEMENTATIONS[name].where
    with pytest.raises(ValueError):
        pb.piece_sources("correct")
    assert pb.BUGS == ["1/m for 2/m", "missing transpose", "= for +=", "bias regularised", "σ for σ′"]


def test_example_problem_has_random_nonzero_biases_and_square_layers():
    net, X, Y = pb.example_problem()
    assert all(np.all(b != 0) for b in net.b)
    assert [W.shape for W in net.W] == [(3, 3), (3, 3)]
    assert X.shape == (3, 4) and Y.shape == (3, 4)


# --------------------------------------------------------------------------------------------
# The update function
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lam", [0, 1])
@pytest.mark.parametrize("name", list(pb.IMPLEMENTATIONS))
def test_check_state_matches_nnlib_and_an_independent_computation(name, lam):
    s = gc.check_state(name, "1e-05", lam)
    net, X, Y = pb.example_problem(l2=float(lam))
    g = gc._flat(*pb.IMPLEMENTATIONS[name].function(net, X, Y))
    n = gc._flat(*nnlib.numerical_gradients(net, X, Y, 1e-5))
    assert np.array_equal(s.errors, nnlib.relative_error(g, n))  # exactly nnlib's numbers
    assert s.max_error == s.errors.max() and s.eps == 1e-5 and s.lam == lam
    # independent: hand-written cost, centred differences and relative error
    mine = rel_by_hand(g, fd_by_hand(net, X, Y, lam, eps=1e-5))
    if name == "correct" or (name == "bias regularised" and lam == 0):
        assert s.max_error < 1e-7 and mine.max() < 1e-7
        assert s.verdict == "the gradients agree"
    else:
        big = mine > 1e-3
        assert np.array_equal(big, s.errors > 1e-3)
        assert s.errors[big] == pytest.approx(mine[big], rel=1e-5)
        assert s.verdict == "a bug"
    names, groups = gc.parameter_names()
    assert s.worst == names[int(np.argmax(s.errors))]
    assert len(names) == 24 and groups[:12] == ["W[1]"] * 9 + ["b[1]"] * 3


def test_error_curve_is_the_largest_error_at_each_eps():
    s = gc.check_state("correct", 1e-5, 0)
    net, X, Y = pb.example_problem()
    g = gc._flat(*net.gradients(X, Y))
    for k in (0, 16, 48):
        eps = gc.EPS_CURVE[k]
        n = gc._flat(*nnlib.numerical_gradients(net, X, Y, eps))
        assert s.curve[k] == pytest.approx(rel_by_hand(g, n).max(), rel=1e-9)
    assert s.best_eps == gc.EPS_CURVE[int(np.argmin(s.curve))]
    assert 1e-6 < s.best_eps < 1e-4


def test_verdict_thresholds():
    assert gc.verdict(1e-9) == "the gradients agree"
    assert gc.verdict(1e-6).startswith("probably right")
    assert gc.verdict(1e-3).startswith("suspicious")
    assert gc.verdict(0.5) == "a bug"
    # eps-aware: outside the trusted steps a large error gives no verdict, a tiny one still agrees
    assert gc.verdict(1.6, 1e-13).startswith("round-off dominates")
    assert gc.verdict(2e-2, 1e-1).startswith("truncation dominates")
    assert gc.verdict(1e-9, 1e-13) == "the gradients agree"
    assert gc.verdict(0.5, 1e-3) == gc.verdict(0.5, 1e-7) == "a bug"


def test_a_correct_backprop_is_never_called_a_bug_and_every_bug_is_one_at_good_eps():
    """The review's case: the correct backprop at eps = 1e-13 was called "a bug"."""
    for lam in gc.LAMBDAS:
        for eps in gc.EPS_VALUES:
            assert gc.check_state("correct", eps, lam).verdict != "a bug"
            for name in pb.BUGS + ["mystery"]:
                s = gc.check_state(name, eps, lam)
                if gc.EPS_TRUSTED[0] <= eps <= gc.EPS_TRUSTED[1] and s.max_error > gc.BUG:
                    assert s.verdict == "a bug"
    assert gc.check_state("correct", 1e-13, 0).verdict.startswith("round-off dominates")


def test_sliders_run_like_the_axis_and_every_option_has_a_short_label():
    assert gc.EPS_VALUES == sorted(gc.EPS_VALUES)  # left to right, small to large, as the eps axis
    assert len(gc.IMPL_LABELS) == len(gc.NAMES) == len(set(gc.IMPL_LABELS))
    assert max(len(label) for label in gc.IMPL_LABELS) <= 12  # all seven fit a narrow column
    for label, name in zip(gc.IMPL_LABELS, gc.NAMES):
        assert gc.check_state(label, 1e-5, 1).name == name
    assert gc.fmt(0.0) == "0" and gc.fmt(1.234e-9) == "1.2e-09"


@pytest.mark.parametrize("eps", gc.EPS_LABELS[:1] + gc.EPS_LABELS[-1:])
@pytest.mark.parametrize("name", list(pb.IMPLEMENTATIONS))
def test_extreme_slider_values_do_not_crash(name, eps):
    for lam in gc.LAMBDAS:
        s = gc.check_state(name, eps, lam)
        assert np.all(np.isfinite(s.errors)) and np.all(np.isfinite(s.curve))
        props = gc.check_figure_state(name, eps, lam)
        ys = np.concatenate([np.ravel(p["y"]) for p in props["data"].values()])
        assert np.all(np.isfinite(ys)) and ys.min() >= -16 and ys.max() <= 1


def test_bad_arguments_fail_clearly():
    with pytest.raises(ValueError, match="name must be one of"):
        gc.check_state("nonsense")
    with pytest.raises(ValueError, match="lam must be one of"):
        gc.check_state("correct", 1e-5, 2)


# --------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------
def _props(state):
    return {t: p for t, p in state["data"].items()}


def test_figure_shows_its_state():
    fig = gc.check_figure("missing transpose", 1e-3, 1)
    s = gc.check_state("missing transpose", 1e-3, 1)
    assert fig.layout.title.text == gc.check_title(s)
    assert "missing transpose, ε = 1.0e-03, λ = 1" in fig.layout.title.text
    ys = np.concatenate([fig.data[t].y for t in gc.T_GROUPS])
    xs = np.concatenate([fig.data[t].x for t in gc.T_GROUPS])
    shown = np.empty(24)
    shown[np.asarray(xs, int)] = ys
    assert shown == pytest.approx(np.log10(np.maximum(s.errors, 1e-16)), abs=1e-3)
    assert fig.data[gc.T_MARKER].x[0] == pytest.approx(-3)
    assert fig.data[gc.T_MARKER].y[0] == pytest.approx(np.log10(s.max_error))
    assert "missing transpose" in fig.layout.meta["alt"]


# --------------------------------------------------------------------------------------------
# The page's explorer: what it computes from (its numbers are checked in the browser tests,
# tests/browser/test_gradient_check_explorer.py)
# --------------------------------------------------------------------------------------------
def test_explorer_config_holds_the_chapters_problem_and_every_implementation():
    c = gc.explorer_config("mystery", 3e-7, 1)
    net, X, Y = pb.example_problem()
    assert c["sizes"] == list(net.sizes) and c["theta"] == net.get_params().tolist()
    assert c["X"] == X.tolist() and c["Y"] == Y.tolist() and c["lambdas"] == gc.LAMBDAS
    assert [row[0] for row in c["implementations"]] == list(pb.IMPLEMENTATIONS)
    assert [row[1] for row in c["implementations"]] == list(pb.IMPLEMENTATIONS)  # every option by its name
    js = (JS_DIR / "gradient_check.js").read_text(encoding="utf8")
    for name, label, bug, pieces in c["implementations"]:
        imp = pb.IMPLEMENTATIONS[name]
        assert bug == imp.bug and set(pieces) == set(pb.Pieces._fields)
        for field, piece in pieces.items():
            assert getattr(imp.pieces, field).__name__ == piece and f"  {piece}: " in js  # a twin in the page
    assert c["names"] == gc.parameter_names()[0] and [a[0] for a in c["arrays"]] == list(gc.ARRAYS)
    assert sum(a[2] for a in c["arrays"]) == net.n_params
    assert c["eps_curve"] == gc.EPS_CURVE and c["floor"] == nnlib.gradcheck.RELATIVE_FLOOR
    assert c["verdicts"] == gc.VERDICTS and c["trusted"] == list(gc.EPS_TRUSTED)
    assert c["start"] == {"name": "mystery", "eps": 3e-7, "lam": 1}
    html = gc.CheckExplorer(c)._repr_html_()
    assert "mountGradientCheck" in html and "gradient_check.js" in html and "plotly" not in html.lower()
    assert repr(gc.check_explorer()).startswith("Gradient-check explorer from correct, ε = 1.0e-05, λ = 0")


@pytest.mark.parametrize("kwargs, match", [({"name": "nonsense"}, "name must be one of"),
                                           ({"lam": 0.5}, "lam must be one of"),
                                           ({"eps": 1e-15}, "outside the explorer's range"),
                                           ({"eps": 0.5}, "outside the explorer's range")])
def test_explorer_config_rejects_bad_starts(kwargs, match):
    with pytest.raises(ValueError, match=match):
        gc.explorer_config(**kwargs)


def test_live_app_redraws_with_the_same_numbers(monkeypatch):
    shown = record_shown(monkeypatch)
    app = gc.check_app()
    assert [app.sliders[k].value for k in ("impl", "eps", "lam")] == ["correct", "1e-05", 0]
    app.sliders["impl"].value = "= for +="
    app.sliders["eps"].value = "1e-08"
    app.sliders["lam"].value = 1
    assert len(shown) == 4
    fig = shown[-1]
    s = gc.check_state("= for +=", 1e-8, 1)
    assert fig["layout"]["title"]["text"] == gc.check_title(s)
    assert fig["data"][gc.T_MARKER]["y"][0] == pytest.approx(np.log10(s.max_error))
    assert "'= for +='" in fig["layout"]["meta"]["alt"]
    assert app.children[-1] is app.view and "'= for +='" in app.view.alt.value


def test_epsilon_sweep_orders_and_best_steps():
    s = gc.epsilon_sweep()
    x = np.log10(gc.EPS_CURVE)
    # on the truncation side (eps from 1e-1 to 1e-3) the slopes are 2 and 1
    sl_c = np.polyfit(x[:9], np.log10(s.centred[:9]), 1)[0]
    sl_o = np.polyfit(x[:9], np.log10(s.one_sided[:9]), 1)[0]
    assert sl_c == pytest.approx(2, abs=0.1) and sl_o == pytest.approx(1, abs=0.1)
    assert s.best_centred_error < 1e-7 < s.best_one_sided_error
    assert s.centred[-1] > 1e-3
    fig = gc.epsilon_figure()
    assert f"{s.best_centred:.0e}" in fig.layout.title.text and len(fig.layout.meta["alt"]) > 100


def test_single_parameter_errors_by_hand():
    steps = [1e-1, 1e-2]
    one, cen, g = gc.single_parameter_errors(steps)
    net, X, Y = pb.example_problem()
    Ws, bs = [W.copy() for W in net.W], [b.copy() for b in net.b]
    c0 = cost_by_hand(Ws, bs, X, Y, 0)
    for e, o, c in zip(steps, one, cen):
        Wp = [W.copy() for W in Ws]
        Wp[0][0, 0] += e
        Wm = [W.copy() for W in Ws]
        Wm[0][0, 0] -= e
        cp, cm = cost_by_hand(Wp, bs, X, Y, 0), cost_by_hand(Wm, bs, X, Y, 0)
        assert o == pytest.approx(abs((cp - c0) / e - g), rel=1e-6)
        assert c == pytest.approx(abs((cp - cm) / (2 * e) - g), rel=1e-6)


def test_weak_checks_miss_the_bugs_the_chapter_says():
    weak = gc.weak_checks()
    missed = {k: [b for b, e in v.items() if e < 1e-6] for k, v in weak.items()}
    assert missed == {
        "the chapter's check": [], "one example (m = 1)": ["= for +="], "a chain 1-1-1": ["missing transpose"],
        "λ = 0": ["bias regularised"], "biases 0, as initialised": ["bias regularised"],
        "last layer only": ["missing transpose"], "a non-square 3-4-2 network": [],
    }
    assert all(e > 1e-2 for v in weak.values() for e in v.values() if e >= 1e-6)


def test_kink_example_false_alarm_and_its_cure():
    err, where, close = gc.kink_example(1e-6, 1e-5)
    assert err > 0.1 and close == 1 and where == "b[1]_1"
    assert gc.kink_example(1e-6, 1e-8)[0] < 1e-4
    assert gc.kink_example(0.1, 1e-5)[0] < 1e-7


def test_error_by_array_and_bug_table():
    t = gc.bug_table()
    assert list(t) == [n for n in gc.NAMES if n != "mystery"]  # no row gives the mystery away
    assert t["bias regularised"][0] < 1e-7 < 1e-2 < t["bias regularised"][1]
    e = gc.error_by_array("missing transpose", lam=0)
    assert e["W[2]"] < 1e-7 and e["b[2]"] < 1e-7 and e["W[1]"] > 1e-2 and e["b[1]"] > 1e-2


# --------------------------------------------------------------------------------------------
# The self-check check_centred_difference
# --------------------------------------------------------------------------------------------
def good_centred(f, p, eps):
    g = np.zeros(p.shape)
    for i in np.ndindex(p.shape):
        e = np.zeros(p.shape)
        e[i] = eps
        g[i] = (f(p + e) - f(p - e)) / (2 * eps)
    return g


def one_sided(f, p, eps):
    g = np.zeros(p.shape)
    for i in np.ndindex(p.shape):
        e = np.zeros(p.shape)
        e[i] = eps
        g[i] = (f(p + e) - f(p)) / eps
    return g


def over_eps(f, p, eps):
    return 2 * good_centred(f, p, eps)


def all_at_once(f, p, eps):
    return np.full(p.shape, (f(p + eps) - f(p - eps)) / (2 * eps))


def not_put_back(f, p, eps):
    g = np.zeros(p.shape)
    for i in np.ndindex(p.shape):
        s = p[i]
        p[i] = s + eps
        a = f(p)
        p[i] = s - eps
        g[i] = (a - f(p)) / (2 * eps)
    return g


def flat(f, p, eps):
    return good_centred(f, p, eps).ravel()


def test_centred_difference_check_passes_correct_code():
    assert check_centred_difference(good_centred)
    assert check_centred_difference(reference_centred_difference)


@pytest.mark.parametrize("fn, words", [
    (one_sided, "one-sided"), (over_eps, "2ε"), (all_at_once, "one entry at a time"),
    (not_put_back, "changed p"), (flat, "shape"),
])
def test_centred_difference_pitfalls_fail_with_their_hint(fn, words):
    r = check_centred_difference(fn)
    assert not r
    assert words in (r.message + " " + r.hint)


@pytest.mark.parametrize("stub", [
    lambda f, p, eps: np.zeros_like(p), lambda f, p, eps: p, lambda f, p, eps: None, lambda f, p, eps: 1.0,
])
def test_centred_difference_stubs_fail(stub):
    assert not check_centred_difference(stub)


def test_centred_difference_stub_raising_not_implemented():
    def stub(f, p, eps):
        raise NotImplementedError

    r = check_centred_difference(stub)
    assert not r and "not implemented" in r.message


def test_centred_difference_reference_is_close_to_closed_forms():
    from nnlib.checks import centred_difference as cd

    p = np.array([1.0, -2.0])
    assert cd.reference_centred_difference(cd._cubic, p, 0.1) == pytest.approx(3 * p ** 2 + 0.01, rel=1e-12)
    q = np.array([0.5, -1.0, 2.0])
    exact = np.array([q[1], q[0] + 2 * q[1], np.cos(q[2])])
    assert cd.reference_centred_difference(cd._mixing, q, 1e-4) == pytest.approx(exact, rel=1e-7)
    # the neuron case against nnlib's numerical gradients of the same one-neuron network
    net = nnlib.Network([1, 1])
    net.W[1][0, 0], net.b[1][0, 0] = 2.0, -4.0
    X, Y = np.array([[0.5, 1.5, 2.5, 3.5]]), np.array([[0.0, 0.0, 1.0, 1.0]])
    nW, nb = nnlib.numerical_gradients(net, X, Y, 1e-5)
    ref = cd.reference_centred_difference(cd._neuron_cost, np.array([2.0, -4.0]), 1e-5)
    assert ref == pytest.approx([nW[1][0, 0], nb[1][0, 0]], rel=1e-8)
