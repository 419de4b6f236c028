"""nnlib: the backpropagation library of the book. Columns are examples: X is (n_in, m)."""
from .activations import ACTIVATIONS, get_activation, sigmoid, sigmoid_prime
from .costs import COSTS, get_cost
from .datasets import circles, digits, one_hot
from .gradcheck import gradient_check, numerical_gradients, relative_error
from .layers import LayerCache, layer_backward, layer_forward, linear_backward
from .network import ForwardTrace, Network
from .train import History, TrainingDiverged, sgd
from .training_health import TrainingWarning

__all__ = [
    "ACTIVATIONS", "COSTS", "ForwardTrace", "History", "LayerCache", "Network",
    "TrainingDiverged", "TrainingWarning", "circles", "digits", "get_activation", "get_cost",
    "gradient_check", "layer_backward", "layer_forward", "linear_backward",
    "numerical_gradients", "one_hot", "relative_error", "sgd", "sigmoid", "sigmoid_prime",
]
