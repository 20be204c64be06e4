"""Base classes of the Descent estimator and model wrappers."""
import functools
import inspect
from typing import Any, Callable, Optional, TypeVar, cast

from pyspark.ml.linalg import DenseVector, Vector
from pyspark.ml.util import JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel

from descent_spark import progress
from descent_spark._connect import (ConnectClassificationSummary, ConnectRegressionSummary,
                                    describe, number)
from descent_spark._jars import missing_jar_error
from descent_spark._wrapper import TrainingSummary, is_remote, require_connect_ml


_F = TypeVar("_F", bound=Callable[..., Any])


def keyword_only(method: _F) -> _F:
    """pyspark's keyword_only, for the generated estimator __init__ and setParams: it keeps the
    keyword arguments given in self._input_kwargs, but those given None left out (pyspark's _set
    would set None), and an unknown name is a TypeError listing the stage's params (Python's own
    names only the unknown one)."""
    names = [n for n in inspect.signature(method).parameters if n != "self"]

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        unknown = sorted(set(kwargs) - set(names))
        if unknown:
            raise TypeError(f"{type(self).__name__} has no param {', '.join(unknown)}; "
                            f"its params are {names}")
        self._input_kwargs = {n: v for n, v in kwargs.items() if v is not None}
        return method(self, *args, **kwargs)

    return cast(_F, wrapper)


class DescentEstimator(JavaEstimator, JavaMLWritable):
    """An estimator wrapping the Java stage named by its params mixin's ``_java_class``.

    The estimators' typed, keyword-only ``__init__`` and ``setParams`` (generated in
    descent_spark._params) set the params.
    """

    def __init__(self) -> None:
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

    def _fit(self, dataset: Any) -> Any:
        # A line per epoch when descent_spark.progress is on (interactive sessions by default).
        with progress.fitting(self):
            return super()._fit(dataset)


class WarmStartMixin:
    """``setInitialModel``: a warm start of a linear estimator from a fitted model of its kind
    (see the Java method). As in Java (and MLlib's ``KMeans``) it is not a param: the model stays
    with this estimator and its copies, and is not saved with it."""

    def setInitialModel(self, model: Any) -> Any:
        if is_remote():
            raise NotImplementedError(
                "setInitialModel is not available over Spark Connect: the server builds the "
                "estimator from its params alone, and a model is not a param. Warm-start in "
                "classic PySpark, or continue a run with checkpointDir and resumeFrom, which "
                "are params")
        expected = self._warm_start_type()
        if not isinstance(model, expected):
            raise TypeError(f"{type(self).__name__}.setInitialModel takes a {expected.__name__}, "
                            f"not a {type(model).__name__}")
        self._java_obj.setInitialModel(model._java_obj)
        self._initial_model = model
        return self

    def _warm_start_type(self) -> type:
        raise NotImplementedError

    def getInitialModel(self) -> Any:
        """The warm-start model, or None."""
        return getattr(self, "_initial_model", None)


class DescentModel(JavaModel, JavaMLWritable):
    """A fitted model; predictions through ``transform`` or row by row with ``predict``.

    Over Spark Connect the attributes the server does not serve for third-party models
    (coefficients, layers, the summary) come from the model's description (see
    descent_spark._connect), read once per model."""

    @property
    def numFeatures(self) -> int:
        return self._call_java("numFeatures")

    def predict(self, value: Vector) -> float:
        """The prediction for one feature vector."""
        return self._call_java("predict", value)

    def _described(self, name: str) -> Any:
        return describe(self)[name]

    @property
    def hasSummary(self) -> bool:
        """Whether a training summary exists: only on a model fresh from ``fit`` (not loaded)."""
        if is_remote():
            return self._described("summary") is not None
        return self._call_java("hasSummary")

    _summary_class: Any = TrainingSummary
    _metrics_class: Any = None

    @property
    def summary(self) -> Any:
        """The training summary of a model fresh from ``fit``: the training record (see
        :class:`TrainingSummary`) and, in classic PySpark, the model's metrics on its training
        rows."""
        if is_remote():
            record = self._described("summary")
            if record is None:
                raise RuntimeError("no training summary: the model was loaded, not fitted in "
                                   "this session")
            return TrainingSummary(record=record)
        return self._summary_class(self._call_java("summary"))

    def evaluate(self, dataset: Any) -> Any:
        """The model's metrics on ``dataset`` (label and features columns, and the weight
        column if ``weightCol`` is set)."""
        if is_remote():
            return ConnectRegressionSummary(self, dataset)
        return self._metrics_class(self._java_obj.evaluate(dataset._jdf))


class DescentClassificationModel(DescentModel):
    """A fitted classifier."""

    def evaluate(self, dataset: Any, rows: Optional[str] = None) -> Any:
        """The model's metrics on ``dataset`` (label and features columns, and the weight
        column if ``weightCol`` is set); ``rows`` names them in chart titles ("test rows",
        default "evaluated rows")."""
        if is_remote():
            return ConnectClassificationSummary(self, dataset, rows or "evaluated rows",
                                                self._described("hasProbabilities"))
        if rows is None:
            return self._metrics_class(self._java_obj.evaluate(dataset._jdf))
        return self._metrics_class(self._java_obj.evaluate(dataset._jdf, rows))


class LinearModelMixin:
    """The coefficients of a fitted linear model (a binary classifier's single row)."""

    def _row(self, attribute: str) -> int:
        """Over Connect: row 0 of a binary classifier's coefficients, as the Java methods."""
        classes = self._described("numClasses")
        if classes != 2:
            alternative = "coefficientMatrix" if attribute == "coefficients" else "interceptVector"
            raise ValueError(f"this model has {classes} classes; {attribute} is for binary "
                             f"models, use {alternative} instead")
        return 0

    @property
    def coefficients(self) -> Vector:
        if is_remote():
            if "coefficients" in describe(self):
                return DenseVector([number(v) for v in self._described("coefficients")])
            matrix = self._described("coefficientMatrix")
            row, width = self._row("coefficients"), matrix["numCols"]
            return DenseVector(matrix["values"][row * width:(row + 1) * width])
        return self._call_java("coefficients")

    @property
    def intercept(self) -> float:
        if is_remote():
            if "intercept" in describe(self):
                return number(self._described("intercept"))
            return number(self._described("interceptVector")[self._row("intercept")])
        return self._call_java("intercept")

    def featureCoefficients(self) -> Any:
        """The coefficients by feature name, largest standardized effect first, as a DataFrame
        (see the Java ``featureCoefficients``)."""
        if is_remote():
            from pyspark.sql import SparkSession
            spark = SparkSession.getActiveSession()
            assert spark is not None
            return spark.createDataFrame(
                [tuple(row) for row in self._described("featureCoefficients")],
                "output int, feature string, index int, coefficient double, "
                "standardizedCoefficient double")
        return self._call_java("featureCoefficients")
