"""One printed line per epoch while a Descent estimator fits, in classic PySpark.

The Java library logs each epoch at INFO, which PySpark's default WARN level hides; this prints
the epoch's figures from a training listener instead, so a notebook shows them without a change
of log level. It is on by default in interactive sessions (IPython and Jupyter kernels, which
Databricks notebooks are, and the Python REPL) and off in scripts and spark-submit;
:func:`show_progress` or the environment variable ``DESCENT_PROGRESS`` (``1`` or ``0``) decides
otherwise. Over Spark Connect the fit runs on the server, which cannot call back into Python:
nothing is printed there.
"""
import contextlib
import os
import sys
import threading
import warnings
from typing import Any, Iterator, Optional, Set

from descent_spark._wrapper import is_remote

_LISTENER = "dev.descent.spark.ml.training.TrainingListener"
_enabled: Optional[bool] = None
_warned = False
# The uids of the estimators inside printing: a copy fit inside it (CrossValidator's) has its
# printer already.
_printing: Set[str] = set()


def show_progress(enabled: Optional[bool] = True) -> None:
    """Prints (True) or not (False) a line per epoch of every later fit; None restores the
    default (``DESCENT_PROGRESS``, else on in interactive sessions only)."""
    global _enabled
    _enabled = enabled


def is_enabled() -> bool:
    """Whether fits print a line per epoch (see :func:`show_progress`)."""
    if _enabled is not None:
        return _enabled
    env = os.environ.get("DESCENT_PROGRESS")
    if env is not None:
        return env.strip().lower() not in ("0", "false", "no", "off", "")
    return _interactive()


def _interactive() -> bool:
    if hasattr(sys, "ps1") or sys.flags.interactive:
        return True
    ipython = sys.modules.get("IPython")
    return ipython is not None and getattr(ipython, "get_ipython", lambda: None)() is not None


class EpochPrinter:
    """A Java ``TrainingListener`` in Python (a py4j callback): prints each epoch as
    ``<stage uid> epoch 3/20: objective 0.41, validation areaUnderROC 0.93, lr 0.05,
    12000 rows/s`` and never stops training."""

    def __init__(self, label: str, out: Any = None) -> None:
        self._label = label
        self._out = out
        self._lock = threading.Lock()

    def onEpochEnd(self, report: Any) -> bool:
        validation = ""
        if report.validationMetricName() is not None:
            validation = (f", validation {report.validationMetricName()} "
                          f"{report.validationMetric():.6g}")
        line = (f"{self._label} epoch {report.epoch()}/{report.maxEpochs()}: objective "
                f"{report.objective():.6g}{validation}, lr {report.learningRate():.4g}, "
                f"{report.rowsPerSecond():.0f} rows/s")
        # py4j calls back on its own threads; CrossValidator(parallelism > 1) fits at once.
        with self._lock:
            print(line, file=self._out or sys.stdout, flush=True)
        return False

    def toString(self) -> str:
        # Java's proxy of this object compares by it (see printing).
        return f"descent_spark.progress.EpochPrinter@{id(self):x}"

    class Java:
        implements = [_LISTENER]


@contextlib.contextmanager
def printing(estimator: Any, out: Any = None) -> Iterator[None]:
    """Within the block, fits of ``estimator`` (a Descent estimator; also in a ``Pipeline``
    or under ``CrossValidator``, whose copies keep its listeners) print a line per epoch to
    ``out`` (default ``sys.stdout``). Does nothing over Spark Connect; when the py4j callback
    server cannot start, warns once and fits without printing."""
    if is_remote() or estimator.uid in _printing:
        yield
        return
    java_obj = estimator._java_obj
    printer = EpochPrinter(type(estimator).__name__ + " " + estimator.uid, out)
    try:
        from pyspark import SparkContext
        from pyspark.java_gateway import ensure_callback_server_started

        ensure_callback_server_started(SparkContext._gateway)
        java_obj.addTrainingListener(printer)
        added = True
    except Exception as e:  # a gateway without callbacks must not stop the fit
        added = False
        global _warned
        if not _warned:
            _warned = True
            warnings.warn(f"descent_spark.progress: no per-epoch lines ({e})", RuntimeWarning)
    if not added:
        yield
        return
    _printing.add(estimator.uid)
    try:
        yield
    finally:
        _printing.discard(estimator.uid)
        # List.remove(Object) would call equals on the Python proxy, which py4j cannot answer.
        listeners = java_obj.trainingListeners()
        token = printer.toString()
        for i in range(listeners.size() - 1, -1, -1):
            if listeners.get(i).toString() == token:
                listeners.pop(i)
                break


@contextlib.contextmanager
def fitting(estimator: Any) -> Iterator[None]:
    """What ``DescentEstimator._fit`` runs a fit in: :func:`printing` when progress is on (and
    ``estimator`` is not already printing)."""
    if is_enabled():
        with printing(estimator):
            yield
    else:
        yield
