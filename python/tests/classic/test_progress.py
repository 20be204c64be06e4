"""descent_spark.progress: a printed line per epoch through a py4j training listener."""
import io
import re

import pytest
from pyspark.ml import Pipeline
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder

from descent_spark import LinearClassifier, progress

LINE = re.compile(r"^LinearClassifier (\S+) epoch (\d+)/(\d+): objective \S+(, validation "
                  r"areaUnderROC \S+)?, lr 0\.05, \d+ rows/s$")


def epochs(text):
    return [(m.group(1), int(m.group(2)), int(m.group(3)))
            for m in map(LINE.match, text.splitlines()) if m]


@pytest.fixture(autouse=True)
def default_switch():
    yield
    progress.show_progress(None)


def test_printing_prints_each_epoch_and_removes_its_listener(binary):
    clf = LinearClassifier(maxIter=4, tol=0.0, learningRate=0.05,
                           validationIndicatorCol="val", validationMetric="areaUnderROC")
    df = binary.selectExpr("*", "rand(9) < 0.2 as val")
    out = io.StringIO()
    with progress.printing(clf, out):
        clf.fit(df)
    lines = out.getvalue().splitlines()
    assert [e[1:] for e in epochs(out.getvalue())] == [(e, 4) for e in range(1, 5)], lines
    assert all("validation areaUnderROC" in line for line in lines)
    assert clf._java_obj.trainingListeners().size() == 0
    out.seek(0)
    out.truncate(0)
    clf.fit(df)
    assert out.getvalue() == ""


def test_pipeline_and_parallel_cross_validation_print_every_fit(binary):
    clf = LinearClassifier(maxIter=3, tol=0.0, learningRate=0.05)
    grid = ParamGridBuilder().addGrid(clf.regParam, [0.0, 0.1]).build()
    cv = CrossValidator(estimator=Pipeline(stages=[clf]), estimatorParamMaps=grid,
                        evaluator=BinaryClassificationEvaluator(), numFolds=2, parallelism=2)
    out = io.StringIO()
    with progress.printing(clf, out):
        cv.fit(binary)
    # 2 folds x 2 param maps, then the best on all rows: 5 fits of 3 epochs, the same uid.
    found = epochs(out.getvalue())
    assert len(found) == 15, out.getvalue()
    assert {uid for uid, _, _ in found} == {clf.uid}


def test_show_progress_switches_every_fit(binary, capsys):
    clf = LinearClassifier(maxIter=2, tol=0.0, learningRate=0.05)
    clf.fit(binary)
    assert epochs(capsys.readouterr().out) == []   # pytest is not interactive: off
    progress.show_progress(True)
    Pipeline(stages=[clf]).fit(binary)
    assert [e[1] for e in epochs(capsys.readouterr().out)] == [1, 2]
    progress.show_progress(False)
    clf.fit(binary)
    assert epochs(capsys.readouterr().out) == []


def test_the_environment_variable_and_interactive_sessions_decide_the_default(monkeypatch):
    monkeypatch.setenv("DESCENT_PROGRESS", "1")
    assert progress.is_enabled()
    monkeypatch.setenv("DESCENT_PROGRESS", "0")
    assert not progress.is_enabled()
    monkeypatch.delenv("DESCENT_PROGRESS")
    assert not progress.is_enabled()
    monkeypatch.setattr("sys.ps1", ">>> ", raising=False)
    assert progress.is_enabled()
    progress.show_progress(False)
    assert not progress.is_enabled()
