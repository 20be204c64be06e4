"""The example and the TrainingJob through bin/spark-submit of the pinned pyspark distribution,
on local[2], as users submit them: --class, --jars, the conf/ files of the repository."""
import os
import subprocess

import pyspark
import pytest

from jars import EXAMPLES_JAR, JFREECHART_JAR, LIBRARY_JAR, REPO

SPARK_SUBMIT = os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit")


def submit(main_class, *args):
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1",
               SPARK_HOME=os.path.dirname(pyspark.__file__))
    command = [SPARK_SUBMIT, "--properties-file", "conf/spark-defaults.conf",
               "--master", "local[2]", "--class", main_class, "--jars",
               LIBRARY_JAR + "," + JFREECHART_JAR, EXAMPLES_JAR, *args]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600)


def ok(result, marker):
    assert result.returncode == 0, result.stderr[-3000:]
    assert marker in result.stdout.splitlines(), result.stdout[-3000:]
    return result.stdout


def test_purchase_example(tmp_path):
    config = tmp_path / "short.properties"
    config.write_text("maxIter=5\nbatchSize=256\n")
    out = ok(submit("dev.descent.examples.PurchasePrediction", "--data",
                    "examples/data/purchases.csv", "--config", str(config), "--output",
                    str(tmp_path / "model")), "purchase example: OK")
    assert "saved to" in out and "areaUnderROC" in out


def test_training_job_on_csv(tmp_path):
    out = ok(submit("dev.descent.examples.TrainingJob", "--config",
                    "conf/purchase-training-job.properties", "--output",
                    str(tmp_path / "model")), "training job: OK")
    assert "2 partitions" in out
    auc = float(next(l for l in out.splitlines() if "areaUnderROC" in l).split()[-1])
    assert auc > 0.85
    assert os.path.isdir(tmp_path / "model" / "stages")


def test_training_job_on_libsvm(tmp_path):
    data = os.path.join(os.path.dirname(pyspark.__file__), "data", "mllib",
                        "sample_linear_regression_data.txt")
    out = ok(submit("dev.descent.examples.TrainingJob", "--config",
                    "conf/libsvm-regression-job.properties", "--data", data, "--output",
                    str(tmp_path / "model")), "training job: OK")
    assert "(libsvm)" in out and "rmse" in out


def test_training_job_on_parquet_with_any_param(spark, tmp_path):
    data = str(tmp_path / "data.parquet")
    spark.range(500).selectExpr("randn(1) as a", "randn(2) as b",
                                "cast(id % 3 as double) as label").write.parquet(data)
    config = tmp_path / "job.properties"
    config.write_text("estimator=dev.descent.spark.ml.classification.LinearClassifier\n"
                      "features=a,b\npartitions=2\nparam.maxIter=3\nparam.loss=hinge\n"
                      "param.lrSchedule=multistep\nparam.lrMilestones=[1,2]\n")
    out = ok(submit("dev.descent.examples.TrainingJob", "--config", str(config), "--data",
                    data), "training job: OK")
    assert "(parquet)" in out and "lrMilestones" in out and "accuracy" in out


def test_training_job_rejects_an_unknown_param(tmp_path):
    config = tmp_path / "bad.properties"
    config.write_text("estimator=regressor\ndata=x.parquet\nparam.learningRat=0.1\n")
    result = submit("dev.descent.examples.TrainingJob", "--config", str(config))
    assert result.returncode == 2
    assert "unknown key 'learningRat'" in result.stderr and "learningRate" in result.stderr
