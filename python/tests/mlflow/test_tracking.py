"""descent_spark.tracking against real mlflow with a file store: autologging a Descent
pipeline, the logged model's requirements, loading it in a fresh process, the epoch metrics.
mlflow is required here (python/run-tests.sh installs it): without it these tests fail."""
import json
import os
import subprocess
import sys

import mlflow
import pytest
from mlflow.tracking import MlflowClient
from pyspark.ml import Pipeline
from pyspark.ml.feature import VectorAssembler

from descent_spark import LinearClassifier, tracking

MAX_ITER = 6


@pytest.fixture(scope="module")
def tracked(spark, tmp_path_factory):
    """An autologged fit of a VectorAssembler + LinearClassifier pipeline with validation rows,
    its epoch metrics logged to the same run."""
    # A new directory: the file store creates its default experiment there.
    store = tmp_path_factory.mktemp("mlflow") / "mlruns"
    # mlflow 3 keeps the file store only on request; the fresh process inherits it.
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    mlflow.set_tracking_uri(store.as_uri())
    df = spark.range(300).selectExpr("randn(1) as x1", "randn(2) as x2", "rand(3) < 0.2 as val")
    df = df.selectExpr("x1", "x2", "val", "cast(2 * x1 - x2 > 0 as double) as label")
    pipeline = Pipeline(stages=[
        VectorAssembler(inputCols=["x1", "x2"], outputCol="features"),
        LinearClassifier(maxIter=MAX_ITER, tol=0.0, batchSize=64, seed=1,
                         validationIndicatorCol="val")])
    tracking.autolog(log_datasets=False, log_post_training_metrics=False)
    try:
        with mlflow.start_run() as run:
            model = pipeline.fit(df)
            tracking.log_epoch_metrics(model.stages[-1])
    finally:
        mlflow.pyspark.ml.autolog(disable=True)
    test = df.select("x1", "x2").limit(20)
    return store, run.info.run_id, model, test


def test_autolog_logs_the_pipeline_with_descent_spark_in_its_requirements(tracked):
    _, run_id, _, _ = tracked
    local = mlflow.artifacts.download_artifacts(f"runs:/{run_id}/model")
    with open(os.path.join(local, "requirements.txt")) as f:
        requirements = f.read().split()
    assert any(r.startswith("descent-spark==") for r in requirements), requirements
    params = MlflowClient().get_run(run_id).data.params
    assert any(k.endswith("maxIter") and v == str(MAX_ITER) for k, v in params.items()), params


def test_a_fresh_process_loads_and_predicts_the_same(spark, tracked):
    store, run_id, model, test = tracked
    expected = [r.prediction for r in model.transform(test).select("prediction").collect()]
    script = (
        "import json, sys, mlflow\n"
        "mlflow.set_tracking_uri(sys.argv[1])\n"
        "pyfunc = mlflow.pyfunc.load_model(f'runs:/{sys.argv[2]}/model')\n"
        "import pandas\n"
        "rows = pandas.DataFrame(json.loads(sys.argv[3]), columns=['x1', 'x2'])\n"
        "print('PREDICTIONS', json.dumps([float(p) for p in pyfunc.predict(rows)]))\n"
        "spark_model = mlflow.spark.load_model(f'runs:/{sys.argv[2]}/model')\n"
        "print('LAST STAGE', type(spark_model.stages[-1]).__name__)\n")
    rows = [[r.x1, r.x2] for r in test.collect()]
    env = dict(os.environ, PYSPARK_SUBMIT_ARGS=tracking.submit_args(spark))
    out = subprocess.run([sys.executable, "-c", script, store.as_uri(), run_id, json.dumps(rows)],
                         env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines()
                 if line.startswith(("PREDICTIONS ", "LAST ")))
    assert json.loads(lines["PREDICTIONS"]) == expected
    assert lines["LAST"] == "STAGE LinearClassificationModel"


def test_epoch_metrics_are_step_metrics_of_the_run(tracked):
    _, run_id, model, _ = tracked
    summary = model.stages[-1].summary
    client = MlflowClient()

    def history(key):
        return [(m.step, m.value) for m in sorted(client.get_metric_history(run_id, key),
                                                   key=lambda m: m.step)]

    epochs = summary.totalEpochs
    assert epochs == MAX_ITER
    assert history("objective") == list(enumerate(summary.objectiveHistory))
    assert history("validation_objective") == list(enumerate(summary.validationObjectiveHistory))
    assert history("validation_metric") == list(enumerate(summary.validationMetricHistory))
    assert len(history("validation_metric")) == epochs + 1
    assert history("learning_rate") == list(enumerate(summary.learningRateHistory, 1))
    assert [s for s, _ in history("epoch_seconds")] == list(range(1, epochs + 1))


def test_log_epoch_metrics_without_a_run_says_what_to_pass(tracked):
    _, _, model, _ = tracked
    with pytest.raises(ValueError, match="run_id"):
        tracking.log_epoch_metrics(model.stages[-1])
