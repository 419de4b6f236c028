"""What the page's circles playground (nnlib/viz/js/playground.js) computes from, written by nnlib.

The playground trains in the browser with the JavaScript twin of nnlib, but everything random
comes from here, so that a run in the page is nnlib.sgd's run step for step:
- the data: circles(N_POINTS, noise=circles.NOISE, seed=0);
- for each seed, the standard normal draws of np.random.default_rng(seed) that Network(...,
  seed=seed) scales into its initial weights (enough for MAX_LAYERS hidden layers of MAX_UNITS);
- nnlib.sgd's batch orders for the chapter's shuffling seed (circles.SHUFFLE_SEED), for the first
  ORDER_EPOCHS epochs (later epochs reuse them in turn).

    html = playground_html(playground_config(), "_static/nnjs/playground.js")
"""
import json

import numpy as np

from ..datasets import circles
from . import circles as chapter

N_POINTS = 200
SEEDS = tuple(range(5))
MAX_LAYERS, MAX_UNITS = 4, 8
ORDER_EPOCHS = 50
START = {"layers": 2, "units": 4, "activation": "tanh", "cost": "cross_entropy", "lr": 0.3, "batch_size": 10,
         "l2": 0.0, "seed": "0"}


def sgd_batch_orders(seed, m, epochs):
    """The order in which nnlib.sgd(..., seed=seed) takes m examples: one permutation per epoch,
    drawn from np.random.default_rng(seed). (The browser tests check it against sgd itself.)"""
    rng = np.random.default_rng(seed)
    return [rng.permutation(m).tolist() for _ in range(epochs)]


def n_initial_draws(max_layers=MAX_LAYERS, max_units=MAX_UNITS):
    """Normal draws the largest playground network [2, max_units x max_layers, 1] needs for its weights."""
    sizes = [2, *[max_units] * max_layers, 1]
    return sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def playground_config(n_points=N_POINTS, seeds=SEEDS, order_epochs=ORDER_EPOCHS, start=None):
    """The playground's JSON-ready configuration: data, each seed's draws, sgd's orders, start settings."""
    X, Y = circles(n_points, noise=chapter.NOISE, seed=0)
    return {
        "X": X.tolist(), "Y": Y.tolist(),
        "normals": {str(s): np.random.default_rng(s).standard_normal(n_initial_draws()).tolist() for s in seeds},
        "orders": sgd_batch_orders(chapter.SHUFFLE_SEED, n_points, order_epochs),
        "max_layers": MAX_LAYERS, "max_units": MAX_UNITS,
        "start": {**START, **(start or {})},
    }


def playground_html(config, module_url, element_id="nnjs-playground"):
    """A <div> and the module script that builds the playground into it from config."""
    return (f'<div id="{element_id}"></div>\n<script type="module">\n'
            f'import {{ mountPlayground }} from {json.dumps(module_url)};\n'
            f'mountPlayground(document.getElementById({json.dumps(element_id)}), {json.dumps(config)});\n'
            "</script>")
