"""nnlib.viz.playground_data: what the page's playground is given is what nnlib uses."""
import numpy as np

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


def test_config_holds_enough_draws_and_sgds_orders():
    config = P.playground_config(n_points=20, seeds=(0, 3), order_epochs=4)
    biggest = [2, *[P.MAX_UNITS] * P.MAX_LAYERS, 1]
    n_weights = sum(a * b for a, b in zip(biggest[:-1], biggest[1:]))
    assert n_weights == P.n_initial_draws()
    assert sorted(config["normals"]) == ["0", "3"]
    assert all(len(d) == n_weights for d in config["normals"].values())
    assert config["normals"]["3"] == np.random.default_rng(3).standard_normal(n_weights).tolist()
    assert np.array(config["X"]).shape == (2, 20) and np.array(config["Y"]).shape == (1, 20)
    assert config["orders"] == P.sgd_batch_orders(chapter.SHUFFLE_SEED, 20, 4)
    assert config["start"]["seed"] in config["normals"]
