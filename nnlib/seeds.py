"""Claims from several runs: repeat an experiment over seeds and summarise the spread.

Training is chaotic: the last bits of a sum (which differ from one CPU or BLAS to another) change
the path of SGD, so one run of one seed says little. The book states what holds over several
seeds: a mean and a range ("from 96.4 % to 98.1 %") or a count ("in 17 of 20 runs").

- over_seeds(run, seeds): run(seed) for every seed; a Spread of the numbers, or a list of the
  results when run returns something else.
- Spread: the numbers of all runs, with mean, median, lo/hi (min/max), count(predicate) and a
  short text for the page.
"""
import numbers
from dataclasses import dataclass

import numpy as np

SEEDS = tuple(range(10))  # the book's default: ten runs per setting


@dataclass(frozen=True)
class Spread:
    """One number per run (values[k] from seeds[k]), and what holds over them."""

    seeds: tuple
    values: np.ndarray

    def __post_init__(self):
        values = np.asarray(self.values, dtype=float)
        if values.ndim != 1 or len(values) != len(self.seeds) or len(values) == 0:
            raise ValueError(
                f"a Spread needs one number per seed; got {len(self.seeds)} seeds and values "
                f"of shape {values.shape}"
            )
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "seeds", tuple(self.seeds))

    @property
    def n(self):
        return len(self.values)

    @property
    def mean(self):
        return float(self.values.mean())

    @property
    def median(self):
        return float(np.median(self.values))

    @property
    def lo(self):
        return float(self.values.min())

    @property
    def hi(self):
        return float(self.values.max())

    def count(self, predicate):
        """How many runs satisfy predicate(value) (e.g. lambda acc: acc > 0.95)."""
        return int(sum(bool(predicate(v)) for v in self.values))

    def text(self, fmt="{:.3f}"):
        """'mean 0.974 (0.964 to 0.981 over 10 seeds)', for a caption or a printout."""
        return f"mean {fmt.format(self.mean)} ({fmt.format(self.lo)} to {fmt.format(self.hi)} over {self.n} seeds)"


def over_seeds(run, seeds=SEEDS):
    """Call run(seed) for each seed. A Spread if every result is a number, else the list of results."""
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("over_seeds needs at least one seed; got none")
    results = [run(seed) for seed in seeds]
    if all(isinstance(r, numbers.Real) and not isinstance(r, bool) for r in results):
        return Spread(seeds, np.array(results, dtype=float))
    return results


def spread_of(seeds, values):
    """A Spread from numbers already computed, one per seed (e.g. [r.final_accuracy for r in runs])."""
    return Spread(tuple(seeds), np.asarray(values, dtype=float))
