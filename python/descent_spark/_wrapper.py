"""What the Descent wrappers share: reading with the Java class name, model attributes that
Spark Connect does not serve, and the training summary."""
from typing import Any, Dict, Generic, List, Optional, Type, TypeVar

from pyspark import SparkContext
from pyspark.ml.common import _java2py
from pyspark.ml.util import JavaMLReader, MLReader, MLReadable
from pyspark.ml.wrapper import JavaWrapper
from pyspark.sql.utils import is_remote  # pyspark 3.4 and later, classic or Connect

from descent_spark._connect import number
from descent_spark._jars import missing_jar_error

RL = TypeVar("RL")

class _JavaClassReader(JavaMLReader[RL]):
    """PySpark derives the Java class from the Python module path; Descent's classes name it."""

    @classmethod
    def _java_loader_class(cls, clazz: Type[Any]) -> str:
        return clazz._java_class

    def __init__(self, clazz: Type[Any]) -> None:
        try:
            super().__init__(clazz)
        except TypeError as e:
            # py4j gives a JavaPackage, not a class, for a name the JVM cannot load.
            if "JavaPackage" in str(e):
                raise missing_jar_error(clazz._java_class) from e
            raise


class _RemoteJavaClassReader(MLReader[RL]):
    """Spark Connect's reader, with the Java class named by the Python class."""

    def __init__(self, clazz: Type[Any]) -> None:
        super().__init__()
        self._clazz = clazz

    def load(self, path: str) -> RL:
        require_connect_ml()
        import pyspark.sql.connect.proto as pb2
        from pyspark.ml.connect.serialize import deserialize, deserialize_param
        from pyspark.ml.wrapper import JavaModel
        from pyspark.sql.connect.session import SparkSession

        session = SparkSession.getActiveSession()
        assert session is not None
        is_model = issubclass(self._clazz, JavaModel)
        operator = pb2.MlOperator(
            name=self._clazz._java_class,
            type=pb2.MlOperator.OPERATOR_TYPE_MODEL if is_model
            else pb2.MlOperator.OPERATOR_TYPE_ESTIMATOR,
        )
        command = pb2.Command()
        command.ml_command.read.CopyFrom(pb2.MlCommand.Read(operator=operator, path=path))
        (_, properties, _) = session.client.execute_command(command)
        result = deserialize(properties)
        if is_model:
            session.client.add_ml_cache(result.obj_ref.id)
            instance = self._clazz(result.obj_ref.id)
        else:
            instance = self._clazz()
        instance._resetUid(result.uid)
        instance._set(**{k: deserialize_param(v) for k, v in result.params.params.items()})
        return instance


class DescentReadable(MLReadable[RL], Generic[RL]):
    """read()/load() for a class whose Java class is its ``_java_class``, classic or Connect."""

    @classmethod
    def read(cls) -> MLReader[RL]:
        return _RemoteJavaClassReader(cls) if is_remote() else _JavaClassReader(cls)


def require_connect_ml() -> None:
    """Descent over Spark Connect uses the ML-over-Connect protocol of pyspark 4."""
    import pyspark
    if int(pyspark.__version__.split(".")[0]) < 4:
        raise NotImplementedError(
            f"Descent over Spark Connect needs pyspark 4.0 or later (this is pyspark "
            f"{pyspark.__version__}); use a classic SparkSession on Spark 3.5")


class TrainingSummary(JavaWrapper):
    """How a fit went (see the Java ``TrainingSummary``): only on a model fresh from ``fit``.

    In classic PySpark every attribute is read from the JVM when asked for and returned as a
    Python value (or a DataFrame), so nothing depends on this wrapper staying alive. Over Spark
    Connect the same attributes come from the model's description (``record``)."""

    def __init__(self, java_obj: Any = None, record: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(java_obj)
        self._record = record

    def _value(self, name: str) -> Any:
        return self._record[name] if self._record is not None else self._call_java(name)

    def _list(self, name: str) -> List[float]:
        if self._record is not None:
            return [number(v) for v in self._record[name]]
        return list(self._call_java(name))

    @property
    def objectiveHistory(self) -> List[float]:
        """The objective (mean loss plus penalty) of each epoch, epoch 0 at the initial
        parameters."""
        return self._list("objectiveHistory")

    @property
    def validationObjectiveHistory(self) -> List[float]:
        """The objective on the validation rows after each epoch; empty without them."""
        return self._list("validationObjectiveHistory")

    @property
    def learningRateHistory(self) -> List[float]:
        """The learning rate of each epoch."""
        return self._list("learningRateHistory")

    @property
    def epochSeconds(self) -> List[float]:
        """Wall-clock seconds of each epoch, its evaluations included (entry e - 1 for epoch
        e)."""
        return self._list("epochSeconds")

    @property
    def totalEpochs(self) -> int:
        return int(self._value("totalEpochs"))

    @property
    def totalSteps(self) -> int:
        """Optimizer steps over all epochs."""
        return int(self._value("totalSteps"))

    @property
    def stopReason(self) -> str:
        """Why training stopped (the name of the Java ``StopReason``)."""
        if self._record is not None:
            return str(self._record["stopReason"])
        return str(self._java_obj.stopReason().toString())

    @property
    def stopMessage(self) -> str:
        """Why training stopped, in a sentence: the limit or tolerance that decided it, and
        what to raise when it stopped before converging."""
        return str(self._value("stopMessage"))

    @property
    def numRows(self) -> int:
        """Rows trained on."""
        return int(self._value("numRows"))

    @property
    def numSkipped(self) -> int:
        """Invalid rows dropped under handleInvalid=skip."""
        return int(self._value("numSkipped"))

    @property
    def numValidationRows(self) -> int:
        """Rows held out by validationIndicatorCol (0 without)."""
        return int(self._value("numValidationRows"))

    @property
    def validationMetricHistory(self) -> List[float]:
        """The validationMetric after each epoch (entry 0 at the initial parameters); empty
        without validation rows."""
        return self._list("validationMetricHistory")

    @property
    def bestEpoch(self) -> int:
        """The epoch whose parameters the model has (the best one after early stopping)."""
        return int(self._value("bestEpoch"))

    def _table(self, name: str) -> List[List[float]]:
        if self._record is not None:
            return [[number(v) for v in row] for row in self._record[name]]
        # PySpark cannot unpickle a double[][] in one piece; its rows (double[]) it can.
        sc = SparkContext._active_spark_context
        return [list(_java2py(sc, row)) for row in getattr(self._java_obj, name)()]

    @property
    def layerParameterNorms(self) -> List[List[float]]:
        """The L2 norm of each layer's weights and biases: ``[epoch][layer]``, epoch 0 first."""
        return self._table("layerParameterNorms")

    @property
    def layerGradientNorms(self) -> List[List[float]]:
        """The L2 norm of each layer's part of the full mean-loss gradient: ``[epoch][layer]``
        (with epochObjective="running", of the epoch's mean mini-batch gradient; NaN under model
        averaging)."""
        return self._table("layerGradientNorms")

    @property
    def restarts(self) -> List["TrainingSummary"]:
        """The summary of every run of a network fit with ``numRestarts`` (the kept one
        included), in the order they ran; empty for a single run."""
        if self._record is not None:
            return [TrainingSummary(record=run) for run in self._record["restarts"]]
        return [TrainingSummary(run) for run in self._java_obj.restarts()]

    @property
    def history(self) -> Any:
        """The per-epoch record as a DataFrame: ``epoch``, ``objective``,
        ``validationObjective``, ``validationMetric`` (null without validation rows),
        ``learningRate`` and ``seconds`` (null for epoch 0, the objective at the start)."""
        from pyspark.sql import SparkSession

        objective = self.objectiveHistory
        validation = self.validationObjectiveHistory or [None] * len(objective)
        metric = self.validationMetricHistory or [None] * len(objective)
        rates = [None] + self.learningRateHistory
        seconds = [None] + self.epochSeconds
        rows = [(e, _number(objective[e]), _number(validation[e]), _number(metric[e]), rates[e],
                 seconds[e]) for e in range(len(objective))]
        spark = SparkSession.getActiveSession()
        assert spark is not None
        return spark.createDataFrame(
            rows, "epoch int, objective double, validationObjective double, "
                  "validationMetric double, learningRate double, seconds double")

    def writeTrainingCurves(self, path: str) -> None:
        """Writes the training curves as an 800 x 900 PNG (see the Java method)."""
        self._classic_only("writeTrainingCurves")
        self._java_obj.writeTrainingCurves(path)

    def _classic_only(self, attribute: str) -> None:
        if self._record is not None:
            raise NotImplementedError(
                f"summary.{attribute} is not available over Spark Connect: it writes a file "
                "from the JVM that holds the summary. Plot summary.history instead.")

    def __getattr__(self, name: str) -> Any:
        # Reached only for attributes this class lacks: over Connect, the summary is this class
        # alone, without the classifier's and regressor's metrics on the training rows.
        if self.__dict__.get("_record") is not None:
            if name in _TRAINING_ROW_METRICS:
                raise NotImplementedError(
                    f"summary.{name} is not available over Spark Connect: the metrics of the "
                    "training rows are computed from the rows the server trained on. Use "
                    f"model.evaluate(train_df).{name} instead.")
            if name in ("writePlots", "writeRocCurve", "writePrCurve"):
                self._classic_only(name)
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")


_TRAINING_ROW_METRICS = frozenset([
    "rows", "predictions", "numClasses", "accuracy", "labels", "precisionByLabel",
    "recallByLabel", "fMeasureByLabel", "weightedPrecision", "weightedRecall",
    "weightedFMeasure", "logLoss", "areaUnderROC", "areaUnderPR", "roc", "pr",
    "confusionMatrix", "rootMeanSquaredError", "meanSquaredError", "meanAbsoluteError", "r2",
    "explainedVariance"])


def _number(value: Any) -> Any:
    """A float, or None for a missing or NaN value (a DataFrame null)."""
    return None if value is None or value != value else float(value)


class ClassificationSummary(JavaWrapper):
    """A classification model's metrics on some rows (Spark's evaluators' definitions): from
    ``model.evaluate(df)``, and, for the training rows, part of ``model.summary``."""

    @property
    def rows(self) -> str:
        """What the rows are ("training rows", "evaluated rows" or the name given)."""
        return str(self._call_java("rows"))

    @property
    def predictions(self) -> Any:
        """The model's output on the rows."""
        return self._call_java("predictions")

    @property
    def numClasses(self) -> int:
        return self._call_java("numClasses")

    @property
    def accuracy(self) -> float:
        return self._call_java("accuracy")

    @property
    def labels(self) -> List[float]:
        return list(self._call_java("labels"))

    @property
    def precisionByLabel(self) -> List[float]:
        return list(self._call_java("precisionByLabel"))

    @property
    def recallByLabel(self) -> List[float]:
        return list(self._call_java("recallByLabel"))

    @property
    def fMeasureByLabel(self) -> List[float]:
        return list(self._call_java("fMeasureByLabel"))

    @property
    def weightedPrecision(self) -> float:
        return self._call_java("weightedPrecision")

    @property
    def weightedRecall(self) -> float:
        return self._call_java("weightedRecall")

    @property
    def weightedFMeasure(self) -> float:
        return self._call_java("weightedFMeasure")

    @property
    def logLoss(self) -> float:
        """Mean log loss of the probabilities (losses with probabilities only)."""
        return self._call_java("logLoss")

    @property
    def areaUnderROC(self) -> float:
        """Binary models only."""
        return self._call_java("areaUnderROC")

    @property
    def areaUnderPR(self) -> float:
        """Binary models only."""
        return self._call_java("areaUnderPR")

    @property
    def roc(self) -> Any:
        """The ROC curve as a DataFrame of ``FPR``, ``TPR``; binary models only."""
        return self._call_java("roc")

    @property
    def pr(self) -> Any:
        """The precision-recall curve as a DataFrame of ``recall``, ``precision``."""
        return self._call_java("pr")

    @property
    def confusionMatrix(self) -> Any:
        """Weighted counts by ``label`` and ``prediction``, as a DataFrame."""
        return self._call_java("confusionMatrix")

    def writeRocCurve(self, path: str, width: int = 700, height: int = 600) -> None:
        """Writes the ROC curve as a PNG whose title names the rows; binary models only."""
        self._java_obj.writeRocCurve(path, width, height)

    def writePrCurve(self, path: str, width: int = 700, height: int = 600) -> None:
        """Writes the precision-recall curve as a PNG whose title names the rows."""
        self._java_obj.writePrCurve(path, width, height)


class ClassificationTrainingSummary(ClassificationSummary, TrainingSummary):
    """A classifier's summary after ``fit``: the training record and the metrics on the
    training rows (validation rows excluded)."""

    def writePlots(self, directory: str) -> List[str]:
        """Writes ``training-curves.png`` and, for two classes, ``roc-training.png`` and
        ``pr-training.png`` into ``directory``; returns their paths."""
        return [str(p) for p in self._call_java("writePlots", directory)]


class RegressionSummary(JavaWrapper):
    """A regression model's metrics on some rows, as Spark's ``RegressionEvaluator`` defines
    them: from ``model.evaluate(df)``, and for the training rows part of ``model.summary``."""

    @property
    def predictions(self) -> Any:
        return self._call_java("predictions")

    @property
    def rootMeanSquaredError(self) -> float:
        return self._call_java("rootMeanSquaredError")

    @property
    def meanSquaredError(self) -> float:
        return self._call_java("meanSquaredError")

    @property
    def meanAbsoluteError(self) -> float:
        return self._call_java("meanAbsoluteError")

    @property
    def r2(self) -> float:
        return self._call_java("r2")

    @property
    def explainedVariance(self) -> float:
        return self._call_java("explainedVariance")


class RegressionTrainingSummary(RegressionSummary, TrainingSummary):
    """A regressor's summary after ``fit``: the training record and the metrics on the
    training rows."""
