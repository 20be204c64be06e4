"""PySpark wrappers of Descent, Spark ML stages trained by mini-batch gradient descent.

The Java library must be on the Spark classpath (``--jars``/``--packages``, ``spark.jars``, or
a cluster library); these classes drive it from Python, in classic PySpark and over Spark
Connect.
"""
from descent_spark.classification import (LinearClassificationModel, LinearClassifier,
                                          MLPClassificationModel, MLPClassifier)
from descent_spark.regression import (LinearRegressionModel, LinearRegressor, MLPRegressionModel,
                                      MLPRegressor)

__version__ = "0.1.0"
__all__ = ["LinearClassifier", "LinearClassificationModel", "LinearRegressor",
           "LinearRegressionModel", "MLPClassifier", "MLPClassificationModel", "MLPRegressor",
           "MLPRegressionModel"]
