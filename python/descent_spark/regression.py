"""Python wrappers of dev.descent.spark.ml.regression."""
from typing import Any

from descent_spark._params import (_LinearRegressionModelParams, _LinearRegressorEstimator,
                                   _MLPRegressionModelParams, _MLPRegressorEstimator)
from descent_spark._stages import DescentModel, LinearModelMixin, WarmStartMixin
from descent_spark._wrapper import DescentReadable, RegressionSummary, RegressionTrainingSummary

__all__ = ["LinearRegressor", "LinearRegressionModel", "MLPRegressor", "MLPRegressionModel"]


class LinearRegressor(WarmStartMixin, _LinearRegressorEstimator,
                      DescentReadable["LinearRegressor"]):
    """Linear regression trained by mini-batch gradient descent with the ``squared``,
    ``huber``, ``epsilon_insensitive``, ``quantile`` or ``poisson`` loss, PyTorch-style
    optimizers and an elastic-net penalty. Every param of the Java stage is a param here.
    """

    def _create_model(self, java_model: Any) -> "LinearRegressionModel":
        return LinearRegressionModel(java_model)

    def _warm_start_type(self) -> type:
        return LinearRegressionModel


class LinearRegressionModel(LinearModelMixin, DescentModel,
                            _LinearRegressionModelParams,
                            DescentReadable["LinearRegressionModel"]):
    """Model fitted by :class:`LinearRegressor`."""

    _summary_class = RegressionTrainingSummary
    _metrics_class = RegressionSummary


class MLPRegressor(_MLPRegressorEstimator, DescentReadable["MLPRegressor"]):
    """Multilayer perceptron regressor trained by mini-batch gradient descent, with any
    regression loss of :class:`LinearRegressor`: ``MLPRegressor(hiddenLayers=[64])``.
    """

    def _create_model(self, java_model: Any) -> "MLPRegressionModel":
        return MLPRegressionModel(java_model)


class MLPRegressionModel(DescentModel, _MLPRegressionModelParams,
                         DescentReadable["MLPRegressionModel"]):
    """Model fitted by :class:`MLPRegressor`."""

    _summary_class = RegressionTrainingSummary
    _metrics_class = RegressionSummary
