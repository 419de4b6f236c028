"""nnlib.viz.playground_data: what the page's playground is given is what nnlib uses."""
import numpy as np
import pytest

from nnlib import Network, sgd
from nnlib.viz import circles as chapter
from nnlib.viz import playground_data as P


def test_batch_orders_are_sgds():
    """sgd's order read back from its own step costs: a [1, 1] identity network with W = b = 0 and a
    learning rate so small that the parameters never move has batch cost y_i^2 on example i alone."""
    m, epochs, seed = 7, 3, 11
    net = Network([1, 1], hidden="identity", output="identity", cost="quadratic")
    net.set_params(np.zeros(2))
    Y = np.arange(1.0, m + 1).reshape(1, m)  # y_i = i + 1
    h = sgd(net, np.ones((1, m)), Y, epochs=epochs, batch_size=1, lr=1e-300, seed=seed, record_steps=True)
    taken = np.rint(np.sqrt(h.step_cost)).astype(int) - 1
    assert taken.reshape(epochs, m).tolist() == P.sgd_batch_orders(seed, m, epochs)


def test_config_holds_the_chapters_data_enough_draws_and_sgds_orders():
    config = P.playground_config(seeds=(0, 3), order_epochs=4)
    biggest = [2, *[P.MAX_UNITS] * P.MAX_LAYERS, 1]
    n_weights = sum(a * b for a, b in zip(biggest[:-1], biggest[1:]))
    assert n_weights == P.n_initial_draws()
    assert sorted(config["normals"]) == ["0", "3"]
    assert all(len(d) == n_weights for d in config["normals"].values())
    assert config["normals"]["3"] == np.random.default_rng(3).standard_normal(n_weights).tolist()
    for name, array in zip(["X", "Y", "X_test", "Y_test"], chapter.circles_data()):
        assert config[name] == array.tolist(), name
    m = len(config["Y"][0])
    assert config["orders"] == P.encode_orders(P.sgd_batch_orders(chapter.SHUFFLE_SEED, m, 4), m)
    assert config["shuffle_seed"] == chapter.SHUFFLE_SEED
    assert config["start"]["seed"] in config["normals"]


def test_shuffle_orders_are_permutations_from_one_stream_per_seed():
    orders = P.shuffle_orders(3, 50, 4)
    assert all(sorted(order) == list(range(50)) for order in orders)
    assert len({tuple(order) for order in orders}) == 4
    assert P.shuffle_orders(3, 50, 2) == orders[:2]  # the stream goes on from epoch to epoch
    assert P.shuffle_orders(4, 50, 1) != orders[:1]
    assert P.shuffle_orders(3, 1, 2) == [[0], [0]]
    draws = P.mulberry32(3)
    u = np.array([next(draws) for _ in range(1000)])
    assert np.all((u >= 0) & (u < 1)) and np.all(u * 2**32 == np.round(u * 2**32))


def test_shuffle_orders_are_uniform():
    """Each of the 24 orders of 4 examples about equally often in 4800 shuffles: a chi-square
    statistic below 57, which a fair shuffle exceeds with probability 1e-4 (23 degrees of freedom)."""
    counts = {}
    for order in P.shuffle_orders(0, 4, 4800):
        counts[tuple(order)] = counts.get(tuple(order), 0) + 1
    assert len(counts) == 24
    expected = 4800 / 24
    assert sum((c - expected) ** 2 / expected for c in counts.values()) < 57


@pytest.mark.parametrize("m", [1, 2, 36, 37, 1000, 1296, 1297])
def test_encoded_orders_read_back(m):
    orders = P.sgd_batch_orders(5, m, 3)
    encoded = P.encode_orders(orders, m)
    w = encoded["width"]
    assert 36 ** (w - 1) <= max(m - 1, 1) < 36 ** w or m == 1
    assert [[int(text[k:k + w], 36) for k in range(0, len(text), w)] for text in encoded["epochs"]] == orders


def test_the_chapters_playground_starts_at_its_main_run_and_stops_where_its_runs_stop():
    """The defaults: the chapter's seeds, its main setting, orders for its EPOCHS epochs; the main
    setting fits the draws (no more than MAX_LAYERS layers of at most MAX_UNITS)."""
    config = P.playground_config()
    assert sorted(config["normals"], key=int) == [str(s) for s in chapter.PLAYGROUND_SEEDS]
    assert len(config["orders"]["epochs"]) == chapter.EPOCHS
    start = config["start"]
    main = {"hidden": start["hidden"], "activation": start["activation"], "lr": start["lr"],
            "batch_size": start["batch_size"], "seed": int(start["seed"])}
    assert main == chapter.MAIN and start["cost"] == "cross_entropy" and start["l2"] == 0
    hidden = chapter.parse_hidden(start["hidden"])
    assert len(hidden) <= P.MAX_LAYERS and max(hidden) <= P.MAX_UNITS


def test_live_playground_is_one_html_output_with_its_modules_inside():
    first, second = P.live_playground(), P.live_playground(lr=1.0, seed="3")
    html = first._repr_html_()
    assert html.count('<script type="module">') == 1 and "export class Playground" in html
    element_id = html.split('<div id="', 1)[1].split('"', 1)[0]
    assert f"document.getElementById({element_id!r})".replace("'", '"') in html
    assert element_id != second._repr_html_().split('<div id="', 1)[1].split('"', 1)[0]  # one id per output
    assert '"lr": 1.0' in second._repr_html_() and '"seed": "3"' in second._repr_html_()
