"""Base classes of the Descent estimator and model wrappers."""
from typing import Any, Optional

from pyspark.ml.linalg import Vector
from pyspark.ml.util import JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel

from descent_spark._jars import missing_jar_error
from descent_spark._wrapper import (TrainingSummary, classic_only, is_remote,
                                    require_connect_ml)


class DescentEstimator(JavaEstimator, JavaMLWritable):
    """An estimator wrapping the Java stage named by its params mixin's ``_java_class``.

    Keyword arguments of the constructor set params by name (any param of the Java stage).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        if is_remote():
            require_connect_ml()
        try:
            self._java_obj = self._new_java_obj(self._java_class, self.uid)
        except TypeError as e:
            # py4j gives a JavaPackage, not a class, for a name the JVM cannot load.
            if "JavaPackage" in str(e):
                raise missing_jar_error(self._java_class) from e
            raise
        self.setParams(**kwargs)

    def setParams(self, **kwargs: Any) -> Any:
        """Sets params by name; an unknown name is a TypeError listing the valid ones."""
        names = {p.name for p in self.params}
        unknown = sorted(set(kwargs) - names)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no param {', '.join(unknown)}; "
                            f"its params are {sorted(names)}")
        return self._set(**kwargs)


class DescentModel(JavaModel, JavaMLWritable):
    """A fitted model; predictions through ``transform`` or row by row with ``predict``."""

    @property
    def numFeatures(self) -> int:
        return self._call_java("numFeatures")

    def predict(self, value: Vector) -> float:
        """The prediction for one feature vector."""
        return self._call_java("predict", value)

    @property
    def hasSummary(self) -> bool:
        """Whether a training summary exists: only on a model fresh from ``fit`` (not loaded)."""
        classic_only(self, "hasSummary")
        return self._call_java("hasSummary")

    _summary_class: Any = TrainingSummary
    _metrics_class: Any = None

    @property
    def summary(self) -> Any:
        """The training summary of a model fresh from ``fit``: the training record (see
        :class:`TrainingSummary`) and the model's metrics on its training rows."""
        classic_only(self, "summary")
        return self._summary_class(self._call_java("summary"))

    def evaluate(self, dataset: Any) -> Any:
        """The model's metrics on ``dataset`` (label and features columns, and the weight
        column if ``weightCol`` is set)."""
        classic_only(self, "evaluate")
        return self._metrics_class(self._java_obj.evaluate(dataset._jdf))


class DescentClassificationModel(DescentModel):
    """A fitted classifier."""

    def evaluate(self, dataset: Any, rows: Optional[str] = None) -> Any:
        """The model's metrics on ``dataset`` (label and features columns, and the weight
        column if ``weightCol`` is set); ``rows`` names them in chart titles ("test rows",
        default "evaluated rows")."""
        classic_only(self, "evaluate")
        if rows is None:
            return self._metrics_class(self._java_obj.evaluate(dataset._jdf))
        return self._metrics_class(self._java_obj.evaluate(dataset._jdf, rows))


class LinearModelMixin:
    """The coefficients of a fitted linear model."""

    @property
    def coefficients(self) -> Vector:
        classic_only(self, "coefficients")
        return self._call_java("coefficients")

    @property
    def intercept(self) -> float:
        classic_only(self, "intercept")
        return self._call_java("intercept")

    def featureCoefficients(self) -> Any:
        """The coefficients by feature name, largest standardized effect first, as a DataFrame
        (see the Java ``featureCoefficients``)."""
        classic_only(self, "featureCoefficients")
        return self._call_java("featureCoefficients")
