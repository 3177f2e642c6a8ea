"""ridgedoc: executable math for Deep Learning 7.1.1, L2 parameter regularization.

The math modules (``quadratic``, ``linear``, ``data``, ``examples``, ``diabetes``,
``generalization``, ``optim``) import numpy only. Plots live in ``ridgedoc.plots`` and
``ridgedoc.plots_learning``, figure output in ``ridgedoc.figures`` (both import matplotlib
lazily, when first used).
"""

from .data import Dataset, load_longley
from .diabetes import load_diabetes
from .examples import FIGURE_7_1, make_problem
from .generalization import (
    PredictionVariance,
    SplitErrors,
    SplitStudy,
    pairwise_features,
    prediction_variance,
    random_splits,
    split_errors,
    study_splits,
)
from .linear import (
    least_squares,
    loo_errors,
    penalty_for_book_715,
    ridge,
    ridge_effective_parameters,
    ridge_path,
    standardize,
)
from .optim import OPTIMIZERS, OptimizerRun, linf_constrained_minimizer, run_optimizer
from .quadratic import (
    effective_parameters,
    eigh_psd,
    gradient,
    gradient_descent,
    max_stable_lr,
    objective,
    penalized_gradient_step,
    regularization_path,
    regularized_gradient,
    regularized_objective,
    shrinkage_factors,
    w_tilde_eig,
    w_tilde_limit,
    w_tilde_solve,
    weight_decay_step,
)

__all__ = [
    "Dataset",
    "FIGURE_7_1",
    "effective_parameters",
    "eigh_psd",
    "gradient",
    "gradient_descent",
    "least_squares",
    "load_longley",
    "loo_errors",
    "make_problem",
    "max_stable_lr",
    "objective",
    "penalized_gradient_step",
    "penalty_for_book_715",
    "regularization_path",
    "regularized_gradient",
    "regularized_objective",
    "ridge",
    "ridge_effective_parameters",
    "ridge_path",
    "shrinkage_factors",
    "standardize",
    "w_tilde_eig",
    "w_tilde_limit",
    "w_tilde_solve",
    "weight_decay_step",
    # generalization, optimizers and the diabetes data (issue 12)
    "OPTIMIZERS",
    "OptimizerRun",
    "PredictionVariance",
    "SplitErrors",
    "SplitStudy",
    "linf_constrained_minimizer",
    "load_diabetes",
    "pairwise_features",
    "prediction_variance",
    "random_splits",
    "run_optimizer",
    "split_errors",
    "study_splits",
]
__version__ = "0.1.0"
