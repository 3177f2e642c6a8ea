r"""Training, held-out and leave-one-out error of ridge along alpha, over random splits (numpy only).

Every split is treated the same way, using the training part only for anything learned:

1. each column of X is standardized with the training mean and standard deviation;
2. y is centered with the training mean (an unpenalized intercept);
3. ridge weights (7.17) for all alphas come from ONE SVD of the standardized training X,
   :math:`\boldsymbol w(\alpha)=\boldsymbol V\,\mathrm{diag}(s_i/(s_i^2+\alpha))\,\boldsymbol U^\top\boldsymbol y`;
4. the leave-one-out error on the training part is exact for ridge with an unpenalized
   intercept on the standardized columns: with hat-matrix diagonal
   :math:`h_i=\tfrac1n+\sum_j U_{ij}^2\,s_j^2/(s_j^2+\alpha)`, the left-out residual is
   :math:`e_i/(1-h_i)`.

This is scikit-learn's ``StandardScaler`` followed by ``Ridge(alpha)`` (``fit_intercept=True``),
and its LOO is ``RidgeCV``'s on the standardized training columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_matrix, as_vector, check_alphas, check_count
from .linear import ridge_path, standardize

__all__ = [
    "PredictionVariance",
    "SplitErrors",
    "SplitStudy",
    "pairwise_features",
    "prediction_variance",
    "random_splits",
    "split_errors",
    "study_splits",
]


def pairwise_features(X, names=None):
    """The columns of X, their squares and all products of two different columns.

    Squares are left out for columns with only two distinct values (a 0/1 or 1/2 code),
    because there the square is a linear function of the column itself.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    names : sequence of str, optional
        열 이름. 주면 새 열의 이름(``"BMI^2"``, ``"BMI*BP"``)도 돌려줍니다.

    Returns
    -------
    X2 : ndarray of shape (n_samples, n_new)
    names2 : tuple of str
        ``names`` 를 주지 않으면 ``x0``, ``x1``, ... 로 지은 이름.
    """
    X = as_matrix(X, "X")
    p = X.shape[1]
    if names is None:
        names = [f"x{j}" for j in range(p)]
    names = list(names)
    if len(names) != p or not all(isinstance(n, str) for n in names):
        raise ValueError(f"names must be {p} strings, one per column of X, got {names!r}")
    cols, out_names = [X[:, j] for j in range(p)], list(names)
    for j in range(p):
        if np.unique(X[:, j]).size > 2:
            cols.append(X[:, j] ** 2)
            out_names.append(f"{names[j]}^2")
    for j in range(p):
        for k in range(j + 1, p):
            cols.append(X[:, j] * X[:, k])
            out_names.append(f"{names[j]}*{names[k]}")
    return np.column_stack(cols), tuple(out_names)


def random_splits(m, n_train, n_splits, seed):
    """Random train/held-out splits: split k is ``numpy.random.default_rng(seed).permutation`` #k.

    Parameters
    ----------
    m : int
        관측치 수.
    n_train : int
        훈련 관측치 수 (1 이상, m 미만).
    n_splits : int
        나누기 횟수 (1 이상).
    seed : int
        난수 씨앗. 같은 씨앗이면 같은 나누기를 돌려줍니다.

    Returns
    -------
    train : ndarray of int, shape (n_splits, n_train)
    test : ndarray of int, shape (n_splits, m - n_train)
    """
    m = check_count(m, "m", minimum=2)
    n_train = check_count(n_train, "n_train", minimum=1)
    if n_train >= m:
        raise ValueError(f"n_train must be < m={m} so that something is held out, got {n_train}")
    n_splits = check_count(n_splits, "n_splits", minimum=1)
    seed = check_count(seed, "seed")
    rng = np.random.default_rng(seed)
    perms = np.stack([rng.permutation(m) for _ in range(n_splits)])
    return perms[:, :n_train], perms[:, n_train:]


@dataclass(frozen=True)
class SplitErrors:
    """Mean squared errors of ridge on one split, one entry per alpha.

    Attributes
    ----------
    alphas : ndarray of shape (k,)
    train : ndarray of shape (k,)
        훈련 데이터의 평균 제곱 오차.
    test : ndarray of shape (k,)
        떼어 둔 데이터(held-out)의 평균 제곱 오차.
    loo : ndarray of shape (k,)
        훈련 데이터만으로 잰 LOO 평균 제곱 오차. 정의되지 않으면(지렛값 1) inf.
    coefs : ndarray of shape (k, p)
        표준화한 입력에 대한 계수.
    """

    alphas: np.ndarray
    train: np.ndarray
    test: np.ndarray
    loo: np.ndarray
    coefs: np.ndarray


def _check_indices(idx, m, name):
    idx = np.asarray(idx)
    if idx.ndim != 1 or idx.size == 0 or not np.issubdtype(idx.dtype, np.integer):
        raise ValueError(f"{name} must be a non-empty 1-D array of integer row indices, got {idx!r}")
    if idx.min() < 0 or idx.max() >= m:
        raise ValueError(f"{name} must index rows 0..{m - 1}, got values in [{idx.min()}, {idx.max()}]")
    if np.unique(idx).size != idx.size:
        raise ValueError(f"{name} must not repeat a row")
    return idx


def split_errors(X, y, train, test, alphas) -> SplitErrors:
    """Training, held-out and LOO error of ridge for every alpha, from one SVD.

    Parameters
    ----------
    X : array_like of shape (m, p)
    y : array_like of shape (m,)
    train, test : array_like of int
        훈련 행과 떼어 둔 행의 번호. 겹치면 안 됩니다.
    alphas : array_like of shape (k,)
        0 이상 (ridgedoc의 관례: 페널티 alpha w^T w, 식 (7.17)).

    Returns
    -------
    SplitErrors
    """
    X = as_matrix(X, "X")
    y = as_vector(y, "y")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"Number of samples in X and y does not correspond: {X.shape[0]} != {y.shape[0]}")
    m = X.shape[0]
    train = _check_indices(train, m, "train")
    test = _check_indices(test, m, "test")
    if np.intersect1d(train, test).size:
        raise ValueError("train and test must not share rows (the held-out error would see training data)")
    if train.size < 2:
        raise ValueError(f"train must have at least 2 rows, got {train.size}")
    alphas = check_alphas(alphas)

    Z, mean, scale = standardize(X[train])  # training statistics only
    Zt = (X[test] - mean) / scale
    y_mean = y[train].mean()
    yc = y[train] - y_mean
    n = train.size

    U, s, Vt = np.linalg.svd(Z, full_matrices=False)
    tol = s[0] * max(Z.shape) * np.finfo(float).eps
    s = np.where(s > tol, s, 0.0)
    Uty = U.T @ yc
    a = alphas[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(s > 0, s / (s**2 + a), 0.0)  # (k, r): s_i / (s_i^2 + alpha)
        f = np.where(s > 0, s**2 / (s**2 + a), 0.0)  # (k, r): shrinkage factors
    coefs = (d * Uty) @ Vt  # (k, p), (7.17) for every alpha
    fitted = (f * Uty) @ U.T  # (k, n)
    resid = yc - fitted
    train_mse = np.mean(resid**2, axis=1)
    test_mse = np.mean((y[test] - y_mean - coefs @ Zt.T) ** 2, axis=1)
    h = 1.0 / n + f @ (U**2).T  # (k, n) diagonal of the hat matrix with the intercept
    with np.errstate(divide="ignore"):
        loo = np.where(np.all(h < 1 - 1e-12, axis=1),
                       np.mean((resid / np.where(h < 1 - 1e-12, 1 - h, 1.0)) ** 2, axis=1), np.inf)
    return SplitErrors(alphas=alphas, train=train_mse, test=test_mse, loo=loo, coefs=coefs)


@dataclass(frozen=True)
class SplitStudy:
    """Errors over many random splits, and the alpha LOO picks on each.

    Attributes
    ----------
    alphas : ndarray of shape (k,)
    train, test, loo : ndarray of shape (n_splits, k)
        나누기마다의 훈련, 떼어 둔 데이터, LOO 평균 제곱 오차.
    alpha_loo : ndarray of shape (n_splits,)
        나누기마다 LOO 오차가 가장 작은 alpha (떼어 둔 데이터는 보지 않음).
    test_at_loo : ndarray of shape (n_splits,)
        그 alpha에서의 떼어 둔 데이터 오차.
    test_at_zero : ndarray of shape (n_splits,)
        alpha = 0 (최소제곱, 식 (7.16))에서의 떼어 둔 데이터 오차.
    """

    alphas: np.ndarray
    train: np.ndarray
    test: np.ndarray
    loo: np.ndarray
    alpha_loo: np.ndarray
    test_at_loo: np.ndarray
    test_at_zero: np.ndarray


def study_splits(X, y, alphas, *, n_train, n_splits, seed) -> SplitStudy:
    """Run :func:`split_errors` on ``n_splits`` random splits and pick alpha by LOO on each.

    Parameters
    ----------
    X : array_like of shape (m, p)
    y : array_like of shape (m,)
    alphas : array_like of shape (k,)
        고를 수 있는 alpha 값들 (0 이상).
    n_train, n_splits, seed : int
        :func:`random_splits` 의 인자.

    Returns
    -------
    SplitStudy
    """
    X = as_matrix(X, "X")
    alphas = check_alphas(alphas)
    trains, tests = random_splits(X.shape[0], n_train, n_splits, seed)
    grid = np.concatenate([[0.0], alphas])
    runs = [split_errors(X, y, tr, te, grid) for tr, te in zip(trains, tests, strict=True)]
    train = np.stack([r.train[1:] for r in runs])
    test = np.stack([r.test[1:] for r in runs])
    loo = np.stack([r.loo[1:] for r in runs])
    best = np.argmin(loo, axis=1)
    rows = np.arange(len(runs))
    return SplitStudy(
        alphas=alphas,
        train=train,
        test=test,
        loo=loo,
        alpha_loo=alphas[best],
        test_at_loo=test[rows, best],
        test_at_zero=np.array([r.test[0] for r in runs]),
    )


@dataclass(frozen=True)
class PredictionVariance:
    """The variance term of the bias-variance decomposition and the error it is part of.

    Attributes
    ----------
    alphas : ndarray of shape (k,)
    variance : ndarray of shape (k,)
        행마다 그 행을 떼어 둔 나누기들에서의 예측값 분산, 모든 행에 대해 평균한 값.
    error : ndarray of shape (k,)
        같은 예측들의 제곱 오차를 같은 방식으로 평균한 값 (잡음 + 치우침의 제곱 + 분산).
    """

    alphas: np.ndarray
    variance: np.ndarray
    error: np.ndarray


def prediction_variance(X, y, alphas, *, n_train, n_splits, seed) -> PredictionVariance:
    r"""The variance term of the bias-variance decomposition, estimated over random training sets.

    For each split of :func:`random_splits` the model of :func:`split_errors` is fitted on the
    training rows (standardized with their own statistics, intercept = their mean of y) and
    predicts the held-out rows. For a row :math:`\boldsymbol x_j`, the predictions
    :math:`\hat f_k(\boldsymbol x_j)` of the splits k that held it out vary with the training set;
    their variance (ddof = 0), averaged over the rows, is the variance term, and their mean squared
    error, averaged the same way, is noise + bias² + variance:

    .. math:: \mathbb E[(y-\hat f(\boldsymbol x))^2]=\sigma^2+(\mathbb E\hat f(\boldsymbol x)-f(\boldsymbol x))^2
              +\operatorname{Var}\hat f(\boldsymbol x)

    Parameters
    ----------
    X : array_like of shape (m, p)
    y : array_like of shape (m,)
    alphas : array_like of shape (k,)
        0 이상.
    n_train, n_splits, seed : int
        :func:`random_splits` 의 인자. 두 번 이상 떼어 둔 행만 평균에 들어갑니다.

    Returns
    -------
    PredictionVariance
    """
    X = as_matrix(X, "X")
    y = as_vector(y, "y")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"Number of samples in X and y does not correspond: {X.shape[0]} != {y.shape[0]}")
    alphas = check_alphas(alphas)
    n_splits = check_count(n_splits, "n_splits", minimum=2)
    m = X.shape[0]
    trains, tests = random_splits(m, n_train, n_splits, seed)
    total = np.zeros((alphas.size, m))  # sums over the splits that held row j out
    total_sq = np.zeros((alphas.size, m))
    err = np.zeros((alphas.size, m))
    count = np.zeros(m)
    for tr, te in zip(trains, tests, strict=True):
        Z, mean, scale = standardize(X[tr])  # training statistics only
        y_mean = y[tr].mean()
        coefs = ridge_path(Z, y[tr] - y_mean, alphas)  # (k, p), (7.17)
        pred = y_mean + coefs @ ((X[te] - mean) / scale).T  # (k, n_test)
        total[:, te] += pred
        total_sq[:, te] += pred**2
        err[:, te] += (y[te] - pred) ** 2
        count[te] += 1
    used = count >= 2
    if not np.any(used):
        raise ValueError("no row was held out twice; use more splits")
    mean_pred = total[:, used] / count[used]
    variance = np.maximum(total_sq[:, used] / count[used] - mean_pred**2, 0.0)
    return PredictionVariance(alphas=alphas, variance=variance.mean(axis=1),
                              error=(err[:, used] / count[used]).mean(axis=1))
