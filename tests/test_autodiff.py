"""nnlib.autodiff.Value: every operation's gradient against centred finite differences, shared
nodes, repeated backward passes, bad input, and agreement with nnlib.Network on neuron chains.

The finite differences here use plain floats and math, never Value itself.
"""
import doctest
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import nnlib.autodiff
from nnlib import Network, numerical_gradients
from nnlib.autodiff import GraphEdge, GraphNode, Value
from nnlib.viz.graphs import neuron_chain_loss

H = 1e-6
finite = st.floats(-5, 5, allow_nan=False, allow_infinity=False)
positive = st.floats(0.05, 5, allow_nan=False, allow_infinity=False)


def centred(fn, x, h=H):
    """(fn(x + h) - fn(x - h)) / 2h with plain floats."""
    return (fn(x + h) - fn(x - h)) / (2 * h)


def sig(x):
    return 1 / (1 + math.exp(-x))


def assert_grad(got, fn, x):
    assert got == pytest.approx(centred(fn, x), rel=1e-5, abs=1e-7)


# --------------------------------------------------------------------------------------
# Each operation, on random values
# --------------------------------------------------------------------------------------
BINARY = {
    "+": (lambda a, b: a + b, lambda a, b: a + b),
    "-": (lambda a, b: a - b, lambda a, b: a - b),
    "*": (lambda a, b: a * b, lambda a, b: a * b),
    "/": (lambda a, b: a / b, lambda a, b: a / b),
}


@pytest.mark.parametrize("op", sorted(BINARY))
@settings(max_examples=60, deadline=None)
@given(x=finite, y=finite)
def test_binary_operations_match_finite_differences(op, x, y):
    if op == "/":
        assume(abs(y) > 0.1)
    on_values, on_floats = BINARY[op]
    a, b = Value(x, "a"), Value(y, "b")
    out = on_values(a, b)
    out.backward()
    assert out.data == pytest.approx(on_floats(x, y), rel=1e-12, abs=1e-12)
    assert_grad(a.grad, lambda t: on_floats(t, y), x)
    assert_grad(b.grad, lambda t: on_floats(x, t), y)


@pytest.mark.parametrize("op", sorted(BINARY))
@settings(max_examples=30, deadline=None)
@given(x=finite, k=st.floats(0.2, 4))
def test_plain_numbers_on_either_side(op, x, k):
    on_values, on_floats = BINARY[op]
    for left in (True, False):
        a = Value(x, "a")
        if op == "/" and not left:
            assume(abs(x) > 0.1)
        out = on_values(a, k) if left else on_values(k, a)
        out.backward()
        fn = (lambda t: on_floats(t, k)) if left else (lambda t: on_floats(k, t))
        assert out.data == pytest.approx(fn(x), rel=1e-12, abs=1e-12)
        assert_grad(a.grad, fn, x)


UNARY = {
    "neg": (lambda v: -v, lambda t: -t, finite),
    "sigmoid": (lambda v: v.sigmoid(), sig, finite),
    "tanh": (lambda v: v.tanh(), math.tanh, finite),
    "relu": (lambda v: v.relu(), lambda t: max(0.0, t), finite.filter(lambda t: abs(t) > 1e-3)),
    "exp": (lambda v: v.exp(), math.exp, finite),
    "log": (lambda v: v.log(), math.log, positive),
    "square": (lambda v: v ** 2, lambda t: t ** 2, finite),
    "cube": (lambda v: v ** 3, lambda t: t ** 3, finite),
    "inverse": (lambda v: v ** -1, lambda t: 1 / t, finite.filter(lambda t: abs(t) > 0.1)),
    "sqrt": (lambda v: v ** 0.5, math.sqrt, positive),
    "power 1": (lambda v: v ** 1, lambda t: t, finite),
    "power 0": (lambda v: v ** 0, lambda t: 1.0, finite),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_unary_operations_match_finite_differences(name, data):
    on_value, on_float, values = UNARY[name]
    x = data.draw(values)
    a = Value(x, "a")
    out = on_value(a)
    out.backward()
    assert out.data == pytest.approx(on_float(x), rel=1e-12, abs=1e-12)
    assert_grad(a.grad, on_float, x)


@settings(max_examples=60, deadline=None)
@given(x=finite, y=finite, z=positive)
def test_a_composite_expression(x, y, z):
    def by_floats(x, y, z):
        return math.tanh(x * y - z) + sig(x / z) * math.exp(-y * y) + math.log(z + x * x) ** 2

    def by_values(x, y, z):
        return (x * y - z).tanh() + (x / z).sigmoid() * (-(y * y)).exp() + (z + x * x).log() ** 2

    a, b, c = Value(x), Value(y), Value(z)
    out = by_values(a, b, c)
    out.backward()
    assert out.data == pytest.approx(by_floats(x, y, z), rel=1e-12, abs=1e-12)
    assert_grad(a.grad, lambda t: by_floats(t, y, z), x)
    assert_grad(b.grad, lambda t: by_floats(x, t, z), y)
    assert_grad(c.grad, lambda t: by_floats(x, y, t), z)


def test_the_chapter_example_by_hand():
    a, b, c = Value(3.0, "a"), Value(1.0, "b"), Value(-2.0, "c")
    e = (a + b).named("e")
    f = (e * c).named("f")
    f.backward()
    assert (e.data, f.data) == (4.0, -8.0)
    assert (f.grad, e.grad, c.grad, a.grad, b.grad) == (1.0, -2.0, 4.0, -2.0, -2.0)
    y = Value(-6.0, "y")
    L = ((f - y) ** 2).named("L")
    L.backward()  # dL/df = 2(f - y) = -4, then every gradient of f times -4
    assert L.data == 4.0
    assert (f.grad, e.grad, c.grad, a.grad, b.grad) == (-4.0, 8.0, -16.0, 8.0, 8.0)


def test_module_docstring_example_runs():
    assert doctest.testmod(nnlib.autodiff).failed == 0


# --------------------------------------------------------------------------------------
# Shared nodes and repeated backward passes
# --------------------------------------------------------------------------------------
def test_a_node_used_twice_collects_both_shares():
    s, t = Value(3.0, "s"), Value(-2.0, "t")
    g = s * t + s  # dg/ds = t + 1, dg/dt = s
    g.backward()
    assert (s.grad, t.grad) == (-1.0, 3.0)
    x = Value(1.7)
    q = x * x  # the same Value on both sides of one operation
    q.backward()
    assert x.grad == pytest.approx(2 * 1.7)


@settings(max_examples=40, deadline=None)
@given(x=finite, y=finite)
def test_a_shared_intermediate_node(x, y):
    a, b = Value(x), Value(y)
    e = a * b
    f = e * e + e.sigmoid() - e  # e is used by four nodes

    def by_floats(x, y):
        e = x * y
        return e * e + sig(e) - e

    f.backward()
    s = sig(x * y)
    assert e.grad == pytest.approx(2 * x * y + s * (1 - s) - 1, rel=1e-12, abs=1e-12)
    assert_grad(a.grad, lambda t: by_floats(t, y), x)
    assert_grad(b.grad, lambda t: by_floats(x, t), y)


def test_backward_twice_gives_the_same_gradients():
    a, b = Value(0.3), Value(-1.2)
    f = (a * b + a).tanh() * a
    f.backward()
    first = (a.grad, b.grad)
    f.backward()
    f.backward()
    assert (a.grad, b.grad) == first


def test_backward_of_a_sub_expression_then_of_the_root():
    a, b = Value(2.0), Value(5.0)
    e = a * b
    f = e + a
    e.backward()
    assert (a.grad, b.grad) == (5.0, 2.0)
    f.backward()  # resets the whole graph of f first: no leftovers from e.backward()
    assert (a.grad, b.grad, e.grad) == (6.0, 2.0, 1.0)


def test_two_graphs_sharing_a_leaf_show_the_last_backward_only():
    """Documented behaviour: each backward() resets its graph, so grads are not summed across
    calls; to differentiate C1 + C2, call (C1 + C2).backward()."""
    w = Value(2.0)
    C1, C2 = w * 3, w * w
    C1.backward()
    C2.backward()
    assert w.grad == 4.0
    (C1 + C2).backward()
    assert w.grad == 7.0


def test_a_long_chain_does_not_hit_the_recursion_limit():
    x = Value(0.5)
    s = x
    for _ in range(20_000):
        s = s + x
    s.backward()
    assert x.grad == 20_001
    assert len(s.topological_order()) == 20_001  # x once, and the 20,000 sums


# --------------------------------------------------------------------------------------
# The graph, for drawing
# --------------------------------------------------------------------------------------
def test_graph_lists_nodes_in_topological_order_with_local_derivatives():
    a, b, c = Value(3.0, "a"), Value(1.0, "b"), Value(-2.0, "c")
    f = ((a + b).named("e") * c).named("f")
    f.backward()
    nodes, edges = f.graph()
    assert [n.label for n in nodes][-1] == "f"
    assert all(isinstance(n, GraphNode) for n in nodes) and all(isinstance(e, GraphEdge) for e in edges)
    index = {n.label: i for i, n in enumerate(nodes)}
    assert all(e.parent < e.child for e in edges)
    by_pair = {(nodes[e.parent].label, nodes[e.child].label): e.local for e in edges}
    assert by_pair == {("a", "e"): 1.0, ("b", "e"): 1.0, ("e", "f"): -2.0, ("c", "f"): 4.0}
    assert nodes[index["e"]] == GraphNode("e", "+", 4.0, -2.0)
    assert nodes[index["c"]].op == ""


def test_graph_keeps_a_repeated_parent_as_two_edges():
    x = Value(3.0, "x")
    nodes, edges = (x * x).graph()
    assert len(nodes) == 2 and [(e.parent, e.child, e.local) for e in edges] == [(0, 1, 3.0), (0, 1, 3.0)]


# --------------------------------------------------------------------------------------
# Agreement with nnlib.Network
# --------------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(w1=finite, b1=finite, w2=finite, b2=finite, x=finite, y=st.floats(0, 1))
def test_a_one_one_one_chain_agrees_with_network_gradients(w1, b1, w2, b2, x, y):
    C0, ws, bs, xv = neuron_chain_loss([w1, w2], [b1, b2], x, y)
    C0.backward()
    net = Network([1, 1, 1], hidden="sigmoid", output="sigmoid", cost="quadratic")
    net.W = [[[w1]], [[w2]]]
    net.b = [[[b1]], [[b2]]]
    X, Y = np.array([[x]]), np.array([[y]])
    dW, db = net.gradients(X, Y)
    assert C0.data == pytest.approx(net.cost(X, Y), rel=1e-12, abs=1e-15)
    for l in (1, 2):
        assert ws[l - 1].grad == pytest.approx(dW[l][0, 0], rel=1e-9, abs=1e-14)
        assert bs[l - 1].grad == pytest.approx(db[l][0, 0], rel=1e-9, abs=1e-14)


def test_the_worked_example_of_the_chain_rule_chapter():
    """a^(L-1) = 0.48, w = 1.5, b = -0.06, y = 1: z = 0.66, a ~ 0.66; the three formulas."""
    w, x, b, y = Value(1.5), Value(0.48), Value(-0.06), Value(1.0)
    z = w * x + b
    a = z.sigmoid()
    C0 = (a - y) ** 2
    C0.backward()
    zf = 1.5 * 0.48 - 0.06
    af = sig(zf)
    common = af * (1 - af) * 2 * (af - 1.0)
    assert z.data == pytest.approx(0.66) and a.data == pytest.approx(0.6593, abs=5e-5)
    assert (w.grad, b.grad, x.grad) == pytest.approx((0.48 * common, common, 1.5 * common), rel=1e-12)
    assert w.grad == pytest.approx(-0.073481, abs=1e-6)
    net = Network([1, 1])
    net.W[1][0, 0], net.b[1][0, 0] = 1.5, -0.06
    nW, nb = numerical_gradients(net, np.array([[0.48]]), np.array([[1.0]]))
    assert (w.grad, b.grad) == pytest.approx((nW[1][0, 0], nb[1][0, 0]), rel=1e-7)


# --------------------------------------------------------------------------------------
# Bad input gives clear errors
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("make, error, words", [
    (lambda: Value("a"), TypeError, ["real number", "label="]),
    (lambda: Value(None), TypeError, ["real number"]),
    (lambda: Value(True), TypeError, ["real number"]),
    (lambda: Value(np.array([1.0, 2.0])), TypeError, ["one number", "Network"]),
    (lambda: Value(float("nan")), ValueError, ["finite"]),
    (lambda: Value(float("inf")), ValueError, ["finite"]),
    (lambda: Value(1.0, label=3), TypeError, ["label"]),
    (lambda: Value(1.0).named(None), TypeError, ["label"]),
    (lambda: Value(1.0) + "x", TypeError, ["unsupported operand"]),
    (lambda: [1.0] * Value(2.0), TypeError, []),
    (lambda: np.array([1.0, 2.0]) + Value(1.0), TypeError, []),
    (lambda: Value(2.0) ** Value(2.0), TypeError, ["exponent must be a plain number"]),
    (lambda: 2.0 ** Value(2.0), TypeError, ["exponent must be a plain number"]),
    (lambda: Value(1.0) / Value(0.0), ZeroDivisionError, ["equal to 0"]),
    (lambda: 1.0 / Value(0.0), ZeroDivisionError, ["equal to 0"]),
    (lambda: Value(0.0) ** -1, ZeroDivisionError, ["negative power of 0"]),
    (lambda: Value(0.0) ** 0.5, ValueError, ["infinite"]),
    (lambda: Value(-8.0) ** 0.5, ValueError, ["not a real number"]),
    (lambda: Value(0.0).log(), ValueError, ["positive"]),
    (lambda: Value(-1.0).log(), ValueError, ["positive"]),
    (lambda: Value(1000.0).exp(), OverflowError, ["too large"]),
    (lambda: Value(1e200) * Value(1e200), OverflowError, ["too large"]),
    (lambda: Value(1e200) ** 2, OverflowError, ["too large"]),
    (lambda: Value(1.0) / Value(1e-200), OverflowError, ["too large"]),
])
def test_bad_input_gives_a_clear_error(make, error, words):
    with pytest.raises(error) as info:
        make()
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("x", [-1000.0, -40.0, 40.0, 1000.0])
def test_sigmoid_is_stable_for_large_inputs(x):
    a = Value(x)
    s = a.sigmoid()
    s.backward()
    assert 0.0 <= s.data <= 1.0 and 0.0 <= a.grad <= 1e-15


def test_relu_takes_slope_zero_at_the_kink():
    a = Value(0.0)
    r = a.relu()
    r.backward()
    assert (r.data, a.grad) == (0.0, 0.0)


def test_numpy_scalars_are_accepted_and_repr_is_readable():
    v = Value(np.float64(2.5), "v") * np.int64(2)
    assert v.data == 5.0 and isinstance(v.data, float)
    assert repr(Value(2.5, "a")) == "Value(data=2.5, grad=0, label='a')"
