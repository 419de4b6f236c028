"""nnlib.seeds (claims over several runs) and nnlib.viz.bands (their curves), against numbers
worked out by hand."""
import numpy as np
import pytest

from nnlib.seeds import SEEDS, Spread, over_seeds, spread_of
from nnlib.viz.bands import band_traces


def test_over_seeds_summarises_numbers():
    s = over_seeds(lambda seed: seed * 0.1, seeds=(1, 2, 3, 4))
    assert isinstance(s, Spread) and s.seeds == (1, 2, 3, 4) and s.n == 4
    assert s.mean == pytest.approx(0.25) and s.median == pytest.approx(0.25)
    assert s.lo == pytest.approx(0.1) and s.hi == pytest.approx(0.4)
    assert s.count(lambda v: v > 0.25) == 2
    assert s.text("{:.2f}") == "mean 0.25 (0.10 to 0.40 over 4 seeds)"


def test_over_seeds_keeps_other_results_and_calls_each_seed_once():
    calls = []
    out = over_seeds(lambda seed: calls.append(seed) or {"seed": seed})
    assert calls == list(SEEDS) and out == [{"seed": s} for s in SEEDS]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="at least one seed"):
        over_seeds(lambda s: 1.0, seeds=())
    with pytest.raises(ValueError, match="one number per seed"):
        spread_of((0, 1, 2), [0.5, 0.6])


def test_band_traces_are_min_max_and_mean():
    curves = np.array([[1.0, 4.0, 2.0], [3.0, 0.0, 2.0]])
    hi, lo, mean = band_traces([0, 1, 2], curves, "#0072B2", "run")
    assert list(hi.y) == [3.0, 4.0, 2.0] and list(lo.y) == [1.0, 0.0, 2.0]
    assert list(mean.y) == [2.0, 2.0, 2.0]
    assert lo.fill == "tonexty" and lo.fillcolor == "rgba(0, 114, 178, 0.18)"
    with pytest.raises(ValueError, match=r"\(runs, 3\)"):
        band_traces([0, 1, 2], [1.0, 2.0, 3.0], "#0072B2", "run")
