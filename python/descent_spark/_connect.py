"""What a Descent model is over Spark Connect, where the client can call no model method.

Spark Connect serves only the model methods Spark allows for its own model types. It does return
every DataFrame's schema, column metadata included, without running a job; a Descent model's
``descriptionCol`` param makes ``transform`` add a column whose metadata holds the model as JSON
(see the Java ``ModelDescription``). :func:`describe` transforms an empty DataFrame with it and
reads the schema."""
import json
from typing import Any, Dict, List, Optional

from pyspark.ml.linalg import VectorUDT
from pyspark.sql import SparkSession
from pyspark.sql.types import StructField, StructType

DESCRIPTION_KEY = "descent.model"
_COLUMN = "__descent_model"


def describe(model: Any) -> Dict[str, Any]:
    """The description of a model on the Connect server, read once per model wrapper."""
    cached = getattr(model, "_description", None)
    if cached is not None:
        return cached
    spark = SparkSession.getActiveSession()
    assert spark is not None
    empty = spark.createDataFrame(
        [], StructType([StructField(model.getFeaturesCol(), VectorUDT(), True)]))
    output = model.transform(empty, {model.descriptionCol: _COLUMN})
    text = output.schema[_COLUMN].metadata[DESCRIPTION_KEY]
    model._description = json.loads(text)
    return model._description


def number(value: Any) -> float:
    """A JSON number, or one of the strings "NaN", "Infinity", "-Infinity" Java writes for the
    non-finite ones."""
    return float(value)


class _Evaluated:
    """A model's predictions on some rows and the columns its metrics read."""

    def __init__(self, model: Any, dataset: Any) -> None:
        self._predictions = model.transform(dataset)
        self._label = model.getLabelCol()
        self._prediction = model.getPredictionCol()
        self._weight = (model.getWeightCol() if model.isDefined(model.weightCol)
                        and model.getWeightCol() else None)

    @property
    def predictions(self) -> Any:
        """The model's output on the rows."""
        return self._predictions

    def _with_weight(self, evaluator: Any) -> Any:
        return evaluator.setWeightCol(self._weight) if self._weight else evaluator


class ConnectClassificationSummary(_Evaluated):
    """``model.evaluate(df)`` over Spark Connect: the metrics of the classic
    ``ClassificationSummary``, from Spark's evaluators (the same definitions, numBins 1000 for
    the areas). The curves (``roc``, ``pr``) and their charts need the JVM's metrics objects and
    are classic only."""

    def __init__(self, model: Any, dataset: Any, rows: str, has_probability: bool) -> None:
        super().__init__(model, dataset)
        self._rows = rows
        self._num_classes = model.numClasses
        self._raw = model.getRawPredictionCol()
        self._probability = model.getProbabilityCol() if has_probability else ""

    @property
    def rows(self) -> str:
        """What the rows are ("evaluated rows" or the name given)."""
        return self._rows

    @property
    def numClasses(self) -> int:
        return self._num_classes

    def _multiclass(self, metric: str, label: Optional[float] = None) -> float:
        from pyspark.ml.evaluation import MulticlassClassificationEvaluator
        evaluator = MulticlassClassificationEvaluator(
            metricName=metric, labelCol=self._label, predictionCol=self._prediction)
        if label is not None:
            evaluator.setMetricLabel(label)
        if metric == "logLoss":
            evaluator.setProbabilityCol(self._probability)
        return self._with_weight(evaluator).evaluate(self._predictions)

    def _binary(self, metric: str) -> float:
        from pyspark.ml.evaluation import BinaryClassificationEvaluator
        if self._num_classes != 2:
            raise NotImplementedError(
                f"{metric} is for binary models; this one has {self._num_classes} classes")
        evaluator = BinaryClassificationEvaluator(
            metricName=metric, labelCol=self._label, rawPredictionCol=self._raw, numBins=1000)
        return self._with_weight(evaluator).evaluate(self._predictions)

    @property
    def accuracy(self) -> float:
        return self._multiclass("accuracy")

    @property
    def labels(self) -> List[float]:
        """The labels present, ascending: the order of the by-label metrics."""
        from pyspark.sql import functions as F
        label = F.col(self._label).cast("double").alias("label")
        return [r.label for r in self._predictions.select(label).distinct().orderBy("label")
                .collect()]

    def _by_label(self, metric: str) -> List[float]:
        return [self._multiclass(metric, label) for label in self.labels]

    @property
    def precisionByLabel(self) -> List[float]:
        return self._by_label("precisionByLabel")

    @property
    def recallByLabel(self) -> List[float]:
        return self._by_label("recallByLabel")

    @property
    def fMeasureByLabel(self) -> List[float]:
        return self._by_label("fMeasureByLabel")

    @property
    def weightedPrecision(self) -> float:
        return self._multiclass("weightedPrecision")

    @property
    def weightedRecall(self) -> float:
        return self._multiclass("weightedRecall")

    @property
    def weightedFMeasure(self) -> float:
        return self._multiclass("weightedFMeasure")

    @property
    def logLoss(self) -> float:
        """Mean log loss of the probabilities (losses with probabilities only)."""
        if not self._probability:
            raise NotImplementedError(
                "log loss needs probabilities, which this model does not give (train with "
                "loss 'log' or 'modified_huber')")
        return self._multiclass("logLoss")

    @property
    def areaUnderROC(self) -> float:
        return self._binary("areaUnderROC")

    @property
    def areaUnderPR(self) -> float:
        return self._binary("areaUnderPR")

    @property
    def confusionMatrix(self) -> Any:
        """Weighted counts by ``label`` and ``prediction`` for every pair of labels present."""
        from pyspark.sql import functions as F
        weight = F.col(self._weight).cast("double") if self._weight else F.lit(1.0)
        counts = {(r.label, r.prediction): r.weight for r in self._predictions.groupBy(
            F.col(self._label).cast("double").alias("label"),
            F.col(self._prediction).alias("prediction")).agg(F.sum(weight).alias("weight"))
            .collect()}
        labels = self.labels
        rows = [(a, b, float(counts.get((a, b), 0.0))) for a in labels for b in labels]
        return self._predictions.sparkSession.createDataFrame(
            rows, "label double, prediction double, weight double")

    def __getattr__(self, name: str) -> Any:
        if name in ("roc", "pr", "writeRocCurve", "writePrCurve"):
            raise NotImplementedError(
                f"{name} is not available over Spark Connect: the curves come from the JVM's "
                "BinaryClassificationMetrics, which Connect does not serve; areaUnderROC and "
                "areaUnderPR are available")
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")


class ConnectRegressionSummary(_Evaluated):
    """``model.evaluate(df)`` over Spark Connect: the metrics of the classic
    ``RegressionSummary``, from Spark's ``RegressionEvaluator``."""

    def _metric(self, name: str) -> float:
        from pyspark.ml.evaluation import RegressionEvaluator
        evaluator = RegressionEvaluator(metricName=name, labelCol=self._label,
                                        predictionCol=self._prediction)
        return self._with_weight(evaluator).evaluate(self._predictions)

    @property
    def rootMeanSquaredError(self) -> float:
        return self._metric("rmse")

    @property
    def meanSquaredError(self) -> float:
        return self._metric("mse")

    @property
    def meanAbsoluteError(self) -> float:
        return self._metric("mae")

    @property
    def r2(self) -> float:
        return self._metric("r2")

    @property
    def explainedVariance(self) -> float:
        return self._metric("var")
