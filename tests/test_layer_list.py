"""LayerList: per-layer arrays indexed by the book's layer number (net.W[l], trace.z[l], ...)."""
import numpy as np
import pytest

import nnlib
from nnlib.layer_list import LayerList, in_layer_order


@pytest.fixture
def net():
    return nnlib.Network([2, 3, 1], hidden="tanh", output="sigmoid", seed=3)


def test_index_zero_is_an_error_that_names_the_numbering(net):
    trace = net.forward_trace(np.ones((2, 4)))
    for layers, symbol in ((net.W, "W"), (net.b, "b"), (trace.z, "z"), (trace.caches, "cache"),
                           (net.gradients(np.ones((2, 4)), np.ones((1, 4)))[0], "dW"),
                           (net.backward_pass(trace, np.ones((1, 4))).delta, "delta")):
        with pytest.raises(IndexError) as err:
            layers[0]
        assert str(err.value) == (f"layers are numbered 1..L, here 1..2: there is no {symbol}^[0]; "
                                  f"the input is a^[0] = X")


def test_out_of_range_names_the_valid_layers(net):
    trace = net.forward_trace(np.ones((2, 4)))
    with pytest.raises(IndexError, match=r"here 1\.\.2: there is no W\^\[3\]"):
        net.W[3]
    with pytest.raises(IndexError, match=r"here 0\.\.2: there is no a\^\[3\]"):
        trace.a[3]
    with pytest.raises(IndexError, match=r"-1 is layer 2"):
        net.b[-3]
    with pytest.raises(TypeError, match="one layer number at a time"):
        trace.z[1:]
    with pytest.raises(TypeError, match="indexed by a layer number"):
        net.W[1.0]


def test_a_starts_at_the_input_and_negatives_count_from_the_end(net):
    X = np.arange(8.0).reshape(2, 4)
    trace = net.forward_trace(X)
    assert trace.a[0] is not None and np.array_equal(trace.a[0], X)
    assert len(trace.a) == 3 and len(trace.z) == len(net.W) == len(net.b) == 2
    assert trace.a[-1] is trace.a[2] and trace.z[-1] is trace.z[2] and trace.a[-3] is trace.a[0]
    assert net.W[-1] is net.W[2] and net.W[-2] is net.W[1]
    assert net.W[np.int64(2)] is net.W[2]


def test_iteration_yields_the_layers_in_order(net):
    trace = net.forward_trace(np.ones((2, 5)))
    assert [A.shape for A in trace.a] == [(2, 5), (3, 5), (1, 5)]  # a^[0] first
    assert [Z.shape for Z in trace.z] == [(3, 5), (1, 5)]
    assert [W.shape for W in net.W] == [(3, 2), (1, 3)]
    assert list(net.W) == [net.W[1], net.W[2]]


def test_entries_are_views_into_theta_and_copies_stay_independent(net):
    assert all(np.shares_memory(W, net.theta) for W in net.W)
    assert all(np.shares_memory(b, net.theta) for b in net.b)
    twin = net.copy()
    assert not np.shares_memory(twin.W[1], net.W[1]) and np.shares_memory(twin.W[1], twin.theta)
    twin.W[1][0, 0] += 1.0
    assert twin.W[1][0, 0] == net.W[1][0, 0] + 1.0


def test_assigning_an_entry_copies_into_theta_with_the_shape_checked(net):
    before = net.W[1]
    net.W[1] = np.full((3, 2), 0.25)
    assert net.W[1] is before and np.all(net.W[1] == 0.25)
    assert np.all(net.theta[:2] == 0.25)  # W^[1]'s first row, the start of theta
    net.b[2] = [[0.5]]
    assert net.theta[-1] == 0.5  # the last entry of theta is b^[2]
    with pytest.raises(ValueError, match=r"W\[2\] needs an array of shape \(1, 3\); got shape \(3, 1\)"):
        net.W[2] = np.zeros((3, 1))
    with pytest.raises(IndexError, match="there is no b\\^\\[0\\]"):
        net.b[0] = np.zeros((3, 1))


def test_assigning_a_whole_list_copies_layer_after_layer(net):
    W1, W2 = np.ones((3, 2)), np.full((1, 3), 2.0)
    net.W = [W1, W2]
    assert np.array_equal(net.W[1], W1) and np.array_equal(net.W[2], W2)
    assert np.shares_memory(net.W[1], net.theta) and not np.shares_memory(net.W[1], W1)
    with pytest.raises(ValueError, match="net.b needs 2 arrays, one per layer; got 3"):
        net.b = [np.zeros((3, 1))] * 3


def test_lists_that_are_not_parameters_store_what_is_assigned():
    delta = LayerList.empty("delta", 3)
    assert len(delta) == 3 and list(delta) == [None, None, None]
    delta[3] = "top"
    assert delta[-1] == "top"
    a = LayerList.empty("a", 2, first=0)
    a[0] = "x"
    assert len(a) == 3 and a[0] == "x"
    assert "delta[3] = 'top'" in repr(delta)


def test_net_W_is_the_W_that_forward_uses(net):
    """An independent forward pass: plain numpy with net.W[1..L], net.b[1..L] and the activations."""
    rng = np.random.default_rng(0)
    net.set_params(rng.normal(0, 1, net.n_params))
    X = rng.normal(0, 1, (2, 6))
    a = X
    for l in range(1, net.n_layers + 1):
        z = net.W[l] @ a + net.b[l]
        a = np.tanh(z) if l < net.n_layers else 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(net.forward(X), a, rtol=1e-13)
    trace = net.forward_trace(X)
    np.testing.assert_allclose(trace.z[1], net.W[1] @ X + net.b[1], rtol=1e-13)
    np.testing.assert_allclose(trace.a[1], np.tanh(trace.z[1]), rtol=1e-13)


def test_gradients_are_numbered_like_the_parameters(net):
    rng = np.random.default_rng(1)
    X, Y = rng.normal(0, 1, (2, 5)), rng.uniform(0, 1, (1, 5))
    dW, db = net.gradients(X, Y)
    nW, nb = nnlib.numerical_gradients(net, X, Y)
    for l in (1, 2):
        assert dW[l].shape == net.W[l].shape and db[l].shape == net.b[l].shape
        np.testing.assert_allclose(dW[l], nW[l], rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(db[l], nb[l], rtol=1e-6, atol=1e-9)
    back = net.backward_pass(net.forward_trace(X), Y)
    trace = net.forward_trace(X)
    # eq. (grad-W): dW[l] = delta[l] a[l-1]^T, with the book's numbers on both sides
    for l in (1, 2):
        np.testing.assert_allclose(back.dW[l], back.delta[l] @ trace.a[l - 1].T, rtol=1e-12)


def test_a_students_dict_or_list_is_read_in_layer_order():
    assert in_layer_order({2: "b", 1: "a"}, 2, "dW") == ["a", "b"]
    assert in_layer_order(["a", "b"], 2, "dW") == ["a", "b"]
    with pytest.raises(ValueError, match="keys 1..2"):
        in_layer_order({0: "a", 1: "b"}, 2, "dW")
