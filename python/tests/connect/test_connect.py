"""The wrappers over Spark Connect: the server builds the Java stages by class name (through
META-INF/services), the client never touches a JVM."""
import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.linalg import Vectors

from descent_spark import (LinearClassificationModel, LinearClassifier, LinearRegressionModel,
                           LinearRegressor, MLPClassifier)


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


def test_coefficients_summary_and_history_over_connect(spark, binary, tmp_path):
    model = _classifier().fit(binary)
    # The coefficients equal the saved model data, an independent path to them.
    path = str(tmp_path / "model")
    model.write().save(path)
    data = spark.read.parquet(path + "/data").first()
    assert model.coefficients.toArray().tolist() == data.coefficientMatrix.toArray()[0].tolist()
    assert model.intercept == data.interceptVector[0]
    assert model.coefficientMatrix.toArray().tolist() == data.coefficientMatrix.toArray().tolist()
    assert model.interceptVector.toArray().tolist() == data.interceptVector.toArray().tolist()
    table = model.featureCoefficients().collect()
    assert sorted((r["index"], r.coefficient) for r in table) == list(
        enumerate(model.coefficients.toArray().tolist()))
    assert {r.feature for r in table} == {"x1", "x2"}

    assert model.hasSummary
    summary = model.summary
    assert summary.totalEpochs == 10 and len(summary.objectiveHistory) == 11
    assert summary.objectiveHistory[-1] < summary.objectiveHistory[0]
    assert summary.stopReason == "MAX_EPOCHS" and "maxIter" in summary.stopMessage
    assert summary.numRows == 400 and summary.totalSteps == 40
    history = summary.history.orderBy("epoch").collect()
    assert [r.objective for r in history] == summary.objectiveHistory
    with pytest.raises(NotImplementedError, match=r"model.evaluate\(train_df\).areaUnderROC"):
        summary.areaUnderROC
    with pytest.raises(NotImplementedError, match="over Spark Connect"):
        summary.writePlots(str(tmp_path))

    loaded = LinearClassificationModel.load(path)
    assert not loaded.hasSummary
    with pytest.raises(RuntimeError, match="no training summary"):
        loaded.summary


def test_evaluate_and_threshold_over_connect(binary):
    model = _classifier().fit(binary)
    metrics = model.evaluate(binary, "test rows")
    assert metrics.rows == "test rows"
    right = metrics.predictions.where("prediction = label").count()
    assert metrics.accuracy == pytest.approx(right / 400, abs=1e-12)
    assert 0.95 < metrics.areaUnderROC <= 1 and 0.9 < metrics.areaUnderPR <= 1
    assert metrics.labels == [0.0, 1.0]
    confusion = {(r.label, r.prediction): r.weight for r in metrics.confusionMatrix.collect()}
    assert sum(confusion.values()) == 400 and confusion[(1.0, 1.0)] + confusion[(0.0, 0.0)] == right
    assert 0 < metrics.logLoss < 0.5
    with pytest.raises(NotImplementedError, match="BinaryClassificationMetrics"):
        metrics.roc

    with pytest.raises(NotImplementedError, match="resumeFrom"):
        _classifier().setInitialModel(model)

    strict = model.copy({model.threshold: 0.9})
    rows = strict.transform(binary).select("probability", "prediction").collect()
    assert all(r.prediction == (1.0 if r.probability[1] > 0.9 else 0.0) for r in rows)
    assert sum(r.prediction for r in rows) < sum(
        r.prediction for r in model.transform(binary).select("prediction").collect())


def test_networks_and_regressors_over_connect(binary):
    mlp = MLPClassifier(hiddenLayers=[3], maxIter=3, batchSize=100, seed=1).fit(binary)
    assert mlp.layers == [2, 3, 1] and mlp.summary.totalEpochs == 3
    raw = binary.selectExpr("features", "x1 * 2 + 1 as label")
    linear = LinearRegressor(optimizer="sgd", learningRate=0.5, maxIter=30, batchSize=400).fit(raw)
    assert linear.coefficients[0] == pytest.approx(2.0, abs=1e-3)
    assert linear.intercept == pytest.approx(1.0, abs=1e-3)
    metrics = linear.evaluate(raw)
    mse = metrics.predictions.selectExpr("avg((prediction - label) * (prediction - label)) as m")
    assert metrics.meanSquaredError == pytest.approx(mse.first().m, rel=1e-9)
    assert metrics.r2 > 0.999


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
