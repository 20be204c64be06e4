"""The wrappers under their Java class names (see ``dev.descent.spark.ml.classification``)."""
from descent_spark.regression import (LinearRegressionModel, LinearRegressor, MLPRegressionModel,
                                      MLPRegressor)

__all__ = ["LinearRegressor", "LinearRegressionModel", "MLPRegressor", "MLPRegressionModel"]
