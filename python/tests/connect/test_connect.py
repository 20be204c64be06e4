"""The wrappers over Spark Connect: the server builds the Java stages by class name (through
META-INF/services), the client never touches a JVM."""
import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.linalg import Vectors

from descent_spark import (LinearClassificationModel, LinearClassifier, LinearRegressionModel,
                           LinearRegressor)


@pytest.fixture(scope="module")
def binary(spark):
    df = spark.range(400).selectExpr("randn(1) as x1", "randn(2) as x2", "randn(3) as noise")
    df = df.selectExpr("x1", "x2", "cast(2 * x1 - x2 + 0.3 * noise > 0 as double) as label")
    return VectorAssembler(inputCols=["x1", "x2"], outputCol="features").transform(df)


def _classifier():
    return LinearClassifier(optimizer="adam", learningRate=0.1, maxIter=10, batchSize=100, seed=7)


def test_fit_transform_and_allowed_attributes(binary):
    model = _classifier().fit(binary)
    assert isinstance(model, LinearClassificationModel)
    assert isinstance(model._java_obj, str)  # a reference to the server's model
    assert model.numFeatures == 2 and model.numClasses == 2
    assert model.getMaxIter() == 10
    out = model.transform(binary)
    assert out.where("prediction = label").count() / 400 > 0.9
    auc = BinaryClassificationEvaluator().evaluate(out)
    assert auc > 0.95
    assert model.predict(Vectors.dense(10.0, -10.0)) == 1.0
    assert model.predictProbability(Vectors.dense(10.0, -10.0))[1] > 0.99
    assert "LinearClassificationModel" in repr(model)


def test_methods_connect_does_not_serve_fail_clearly(binary):
    model = _classifier().fit(binary)
    for attribute in ("coefficients", "intercept", "coefficientMatrix", "summary"):
        with pytest.raises(NotImplementedError, match="not available over Spark Connect"):
            getattr(model, attribute)


def test_save_load_and_coefficients_from_the_saved_data(spark, binary, tmp_path):
    clf = _classifier()
    clf.save(str(tmp_path / "estimator"))
    loaded = LinearClassifier.load(str(tmp_path / "estimator"))
    assert loaded.uid == clf.uid and loaded.getLearningRate() == 0.1

    model = clf.fit(binary)
    path = str(tmp_path / "model")
    model.write().overwrite().save(path)
    reloaded = LinearClassificationModel.load(path)
    assert reloaded.numFeatures == 2
    before = model.transform(binary).select("rawPrediction").collect()
    assert reloaded.transform(binary).select("rawPrediction").collect() == before
    # The documented way to the coefficients over Connect: the saved model data.
    data = spark.read.parquet(path + "/data").first()
    raw = before[0].rawPrediction[1]
    x = binary.first().features
    margin = sum(data.coefficientMatrix.toArray()[0] * x.toArray()) + data.interceptVector[0]
    assert margin == pytest.approx(raw, rel=1e-12)


def test_pipeline_and_regressor(binary, tmp_path):
    raw = binary.selectExpr("x1", "x2", "2 * x1 + 1 as label")
    pipeline = Pipeline(stages=[VectorAssembler(inputCols=["x1", "x2"], outputCol="features"),
                                LinearRegressor(optimizer="sgd", learningRate=0.5, maxIter=30,
                                                batchSize=400)])
    model = pipeline.fit(raw)
    path = str(tmp_path / "pipeline")
    model.save(path)
    reloaded = PipelineModel.load(path)
    assert isinstance(reloaded.stages[-1], LinearRegressionModel)
    predictions = reloaded.transform(raw).selectExpr("max(abs(prediction - label)) as e").first()
    assert predictions.e < 1e-3
