"""PySpark wrappers of Descent, Spark ML stages trained by mini-batch gradient descent.

The Java library must be on the Spark classpath before the session starts: ``spark.jars`` from
:func:`spark_jars` (the jars this wheel carries), ``spark.jars.packages`` from
:func:`maven_coordinates`, ``--jars``/``--packages``, or a cluster library. These classes drive
it from Python, in classic PySpark (Spark 3.5, 4.0, 4.1) and over Spark Connect (4.x).

Interactive sessions print a line per epoch of every fit (:mod:`descent_spark.progress`);
:mod:`descent_spark.tracking` logs fits to MLflow (``pip install 'descent-spark[mlflow]'``).
"""
from descent_spark._jars import VERSION as __version__
from descent_spark._jars import artifact_id, maven_coordinates, spark_jars
from descent_spark.classification import (LinearClassificationModel, LinearClassifier,
                                          MLPClassificationModel, MLPClassifier)
from descent_spark.regression import (LinearRegressionModel, LinearRegressor, MLPRegressionModel,
                                      MLPRegressor)
from descent_spark._wrapper import (ClassificationSummary, ClassificationTrainingSummary,
                                    RegressionSummary, RegressionTrainingSummary, TrainingSummary)

__all__ = ["LinearClassifier", "LinearClassificationModel", "LinearRegressor",
           "LinearRegressionModel", "MLPClassifier", "MLPClassificationModel", "MLPRegressor",
           "MLPRegressionModel", "TrainingSummary", "ClassificationSummary",
           "ClassificationTrainingSummary", "RegressionSummary", "RegressionTrainingSummary",
           "artifact_id", "maven_coordinates", "spark_jars"]
