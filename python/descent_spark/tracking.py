"""MLflow tracking of Descent fits: autologging that logs Descent models, and each epoch's
figures as MLflow step metrics.

Needs ``mlflow`` (``pip install descent-spark[mlflow]``); importing this module without it is an
``ImportError`` saying so.
"""
import os
import shlex
import time
from typing import Any, Dict, Iterable, List, Optional

try:
    import mlflow
    import mlflow.pyspark.ml
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient
except ImportError as e:
    raise ImportError("descent_spark.tracking needs mlflow: pip install 'descent-spark[mlflow]' "
                      "(or pip install mlflow)") from e

from descent_spark._wrapper import TrainingSummary
from descent_spark.classification import LinearClassificationModel, MLPClassificationModel
from descent_spark.regression import LinearRegressionModel, MLPRegressionModel

# The fully qualified names mlflow's autologging matches its allowlist against.
LOG_MODEL_ALLOWLIST: List[str] = [
    f"{c.__module__}.{c.__qualname__}"
    for c in (LinearClassificationModel, MLPClassificationModel, LinearRegressionModel,
              MLPRegressionModel)]

# The extra spark-submit arguments pyspark's launcher reads when it starts a JVM.
_SUBMIT_ARGS = "PYSPARK_SUBMIT_ARGS"


def autolog(log_model_allowlist: Optional[Iterable[str]] = None, **kwargs: Any) -> None:
    """:func:`mlflow.pyspark.ml.autolog` with Descent's models allowed: every later ``fit``
    of a Descent estimator, alone, in a ``Pipeline`` or under ``CrossValidator``, logs its
    params and its fitted model (with ``descent-spark`` in the model's requirements).

    ``log_model_allowlist`` extends mlflow's allowlist (by default the one mlflow would use: its
    built-in list, or the file named by the Spark conf
    ``spark.mlflow.pysparkml.autolog.logModelAllowlistFile``) with :data:`LOG_MODEL_ALLOWLIST`;
    the other keyword arguments are mlflow's.

    mlflow infers a logged model's requirements by loading it in a subprocess, whose Spark needs
    the Descent jar: unless ``PYSPARK_SUBMIT_ARGS`` is set, this sets it for subprocesses to the
    active session's ``spark.jars`` and ``spark.jars.packages``. Call it after creating the
    session.
    """
    from pyspark.sql import SparkSession

    if log_model_allowlist is None:
        # mlflow's own default, read the way mlflow.pyspark.ml.autolog reads it.
        log_model_allowlist = mlflow.pyspark.ml._read_log_model_allowlist()
    allowlist = sorted(set(log_model_allowlist) | set(LOG_MODEL_ALLOWLIST))
    spark = SparkSession.getActiveSession()
    if spark is not None and _SUBMIT_ARGS not in os.environ:
        args = submit_args(spark)
        if args:
            os.environ[_SUBMIT_ARGS] = args
    mlflow.pyspark.ml.autolog(log_model_allowlist=allowlist, **kwargs)


def submit_args(spark: Any) -> str:
    """``PYSPARK_SUBMIT_ARGS`` that give a new local Spark (as ``mlflow.pyfunc.load_model``
    and ``mlflow.spark.load_model`` start in a fresh process) the jars of ``spark``'s
    ``spark.jars`` and ``spark.jars.packages``; empty when it has neither (a cluster library)."""
    conf = spark.sparkContext.getConf()
    args = []
    for key in ("spark.jars", "spark.jars.packages"):
        value = conf.get(key, "")
        if value:
            args += ["--conf", f"{key}={value}"]
    return shlex.join(args + ["pyspark-shell"]) if args else ""


def epoch_metrics(summary: TrainingSummary) -> List[Metric]:
    """The per-epoch record of ``summary`` as MLflow metrics, the epoch as the step:
    ``objective``, ``validation_objective`` and ``validation_metric`` (with validation rows)
    from epoch 0 (the initial parameters), ``learning_rate`` and ``epoch_seconds`` from epoch 1.
    """
    now = int(time.time() * 1000)
    series: Dict[str, List[float]] = {
        "objective": summary.objectiveHistory,
        "validation_objective": summary.validationObjectiveHistory,
        "validation_metric": summary.validationMetricHistory,
    }
    metrics = [Metric(key, value, now, epoch)
               for key, values in series.items() for epoch, value in enumerate(values)]
    for key, values in (("learning_rate", summary.learningRateHistory),
                        ("epoch_seconds", summary.epochSeconds)):
        metrics += [Metric(key, value, now, epoch) for epoch, value in enumerate(values, 1)]
    return metrics


def log_epoch_metrics(model_or_summary: Any, run_id: Optional[str] = None,
                      prefix: str = "") -> None:
    """Logs each epoch's objective, validation objective and metric, learning rate and seconds
    of a model fresh from ``fit`` (or of its ``summary``) as step metrics of the run ``run_id``
    (default: the active run), named as in :func:`epoch_metrics` after ``prefix``.

    After an autologged fit outside a ``with mlflow.start_run()`` block, pass
    ``run_id=mlflow.last_active_run().info.run_id``: autologging has ended its run."""
    summary = model_or_summary if isinstance(model_or_summary, TrainingSummary) \
        else model_or_summary.summary
    if run_id is None:
        run = mlflow.active_run()
        if run is None:
            raise ValueError("no active MLflow run: call inside `with mlflow.start_run():` or "
                             "pass run_id (after autologging, "
                             "mlflow.last_active_run().info.run_id)")
        run_id = run.info.run_id
    metrics = [Metric(prefix + m.key, m.value, m.timestamp, m.step)
               for m in epoch_metrics(summary)]
    client = MlflowClient()
    # log_batch takes at most 1000 metrics a call.
    for start in range(0, len(metrics), 1000):
        client.log_batch(run_id, metrics=metrics[start:start + 1000])
