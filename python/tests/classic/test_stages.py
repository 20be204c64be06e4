"""fit/transform, model attributes, persistence, Pipeline and CrossValidator in classic PySpark."""
import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.linalg import DenseVector, Vectors
from pyspark.ml.tuning import CrossValidator, CrossValidatorModel, ParamGridBuilder

from descent_spark import (LinearClassificationModel, LinearClassifier, LinearRegressionModel,
                           LinearRegressor, MLPClassifier)


def _classifier(**params):
    settings = dict(optimizer="adam", learningRate=0.1, maxIter=15, batchSize=100, seed=7)
    settings.update(params)
    return LinearClassifier(**settings)


def test_classifier_fits_and_exposes_its_model(binary):
    model = _classifier().fit(binary)
    assert isinstance(model, LinearClassificationModel)
    assert model.numFeatures == 2 and model.numClasses == 2
    coefficients = model.coefficients
    assert isinstance(coefficients, DenseVector)
    # The decision rule is 2 x1 - x2 > 0: same signs, ratio near -2.
    assert coefficients[0] > 0 > coefficients[1]
    assert -3.0 < coefficients[0] / coefficients[1] < -1.3
    assert model.coefficientMatrix.numRows == 1
    assert model.interceptVector[0] == model.intercept
    summary = model.summary
    assert model.hasSummary and summary.totalEpochs == 15
    # The objective history starts at the initial parameters: one entry more than epochs.
    assert len(summary.objectiveHistory) == 16 and len(summary.learningRateHistory) == 15
    assert summary.objectiveHistory[-1] < summary.objectiveHistory[0]
    assert summary.numRows == 400 and summary.numSkipped == 0
    assert summary.totalSteps == 15 * 4 and summary.stopReason
    # The estimator's params travel to the model.
    assert model.getMaxIter() == 15 and model.getOptimizer() == "adam"

    out = model.transform(binary)
    assert {"prediction", "rawPrediction", "probability"} <= set(out.columns)
    accuracy = out.where("prediction = label").count() / 400
    assert accuracy > 0.9
    first = binary.first()
    assert model.predict(first.features) == out.first().prediction
    assert model.predictProbability(Vectors.dense(10.0, -10.0))[1] > 0.99
    assert "LinearClassificationModel" in repr(model)


def test_summary_metrics_curves_and_history_match_the_java_api(binary, tmp_path):
    model = _classifier(maxIter=5).fit(binary)
    summary = model.summary
    # The metrics on the training rows are Spark's evaluators' figures.
    assert summary.rows == "training rows"
    assert summary.accuracy > 0.9 and summary.areaUnderROC > 0.95
    assert 0 < summary.logLoss < 0.7 and summary.weightedFMeasure > 0.9
    assert summary.labels == [0.0, 1.0] and len(summary.precisionByLabel) == 2
    roc = summary.roc
    assert roc.columns == ["FPR", "TPR"] and roc.count() > 2
    assert summary.pr.columns == ["recall", "precision"]
    assert "maxIter" in summary.stopMessage and summary.stopReason == "MAX_EPOCHS"
    assert len(summary.epochSeconds) == 5 and summary.restarts == []
    history = summary.history.orderBy("epoch").collect()
    assert [row.epoch for row in history] == list(range(6))
    assert [row.objective for row in history] == summary.objectiveHistory
    assert history[0].learningRate is None and history[1].learningRate == 0.1
    assert history[0].validationObjective is None and history[0].seconds is None
    assert history[5].seconds == summary.epochSeconds[4]
    # evaluate(df) gives the same figures on the same rows, named as asked.
    test = model.evaluate(binary, "test rows")
    assert test.rows == "test rows"
    assert abs(test.areaUnderROC - summary.areaUnderROC) < 1e-12
    assert model.evaluate(binary).rows == "evaluated rows"
    written = summary.writePlots(str(tmp_path / "plots"))
    assert [p.rsplit("/", 1)[1] for p in written] == [
        "training-curves.png", "roc-training.png", "pr-training.png"]
    test.writeRocCurve(str(tmp_path / "roc-test.png"))
    assert (tmp_path / "roc-test.png").stat().st_size > 1000
    table = model.featureCoefficients().collect()
    assert len(table) == 2 and {row.feature for row in table} == {"x1", "x2"}


def test_regression_summary_and_evaluate(linear):
    model = LinearRegressor(optimizer="lbfgs", maxIter=50).fit(linear)
    summary = model.summary
    assert summary.rootMeanSquaredError < 0.05 and summary.r2 > 0.999
    assert summary.stopReason == "CONVERGED" and summary.stopMessage.startswith("lbfgs")
    assert abs(model.evaluate(linear).meanSquaredError - summary.meanSquaredError) < 1e-12


def test_network_validation_summary_and_layer_norms(binary):
    data = binary.selectExpr("*", "rand(9) < 0.25 as isVal")
    model = MLPClassifier(hiddenLayers=[4, 3], maxIter=5, batchSize=100, seed=1,
                          validationIndicatorCol="isVal", validationMetric="accuracy").fit(data)
    summary = model.summary
    assert summary.numValidationRows > 0 and summary.numRows + summary.numValidationRows == 400
    assert len(summary.validationMetricHistory) == 6 and summary.bestEpoch == 5
    norms = summary.layerParameterNorms
    gradients = summary.layerGradientNorms
    # One row per epoch (epoch 0 first), one entry per layer: 2 -> 4 -> 3 -> 1.
    assert len(norms) == len(gradients) == 6
    assert all(len(row) == 3 and min(row) > 0 for row in norms + gradients)


def test_regressor_recovers_the_line(linear):
    # Full-batch gradient descent on standardized, nearly uncorrelated features: converges fast.
    model = LinearRegressor(optimizer="sgd", learningRate=0.5, maxIter=60, batchSize=300,
                            seed=3).fit(linear)
    assert isinstance(model, LinearRegressionModel)
    assert model.coefficients.toArray() == pytest.approx([3.0, -2.0], abs=0.05)
    assert model.intercept == pytest.approx(1.0, abs=0.05)
    assert model.predict(Vectors.dense(1.0, 1.0)) == pytest.approx(2.0, abs=0.1)


def test_estimator_and_model_save_and_load(binary, tmp_path):
    clf = _classifier(regParam=0.01, lrSchedule="step", lrStepSize=5)
    clf.save(str(tmp_path / "estimator"))
    loaded = LinearClassifier.load(str(tmp_path / "estimator"))
    assert loaded.uid == clf.uid
    assert loaded.getRegParam() == 0.01 and loaded.getLrSchedule() == "step"
    assert loaded.getLrStepSize() == 5 and loaded.isSet(loaded.lrStepSize)

    model = clf.fit(binary)
    model.write().overwrite().save(str(tmp_path / "model"))
    reloaded = LinearClassificationModel.load(str(tmp_path / "model"))
    assert reloaded.coefficients == model.coefficients
    assert reloaded.intercept == model.intercept
    assert reloaded.getRegParam() == 0.01
    assert not reloaded.hasSummary
    before = model.transform(binary).select("rawPrediction").collect()
    assert reloaded.transform(binary).select("rawPrediction").collect() == before


def test_pipeline_round_trip(spark, binary, tmp_path):
    raw = binary.select("x1", "x2", "label")
    pipeline = Pipeline(stages=[VectorAssembler(inputCols=["x1", "x2"], outputCol="features"),
                                _classifier()])
    model = pipeline.fit(raw)
    path = str(tmp_path / "pipeline")
    model.save(path)
    reloaded = PipelineModel.load(path)
    assert isinstance(reloaded.stages[-1], LinearClassificationModel)
    assert reloaded.stages[-1].coefficients == model.stages[-1].coefficients
    assert (reloaded.transform(raw).select("prediction").collect()
            == model.transform(raw).select("prediction").collect())
    pipeline.save(str(tmp_path / "unfitted"))
    stages = Pipeline.load(str(tmp_path / "unfitted")).getStages()
    assert isinstance(stages[-1], LinearClassifier) and stages[-1].getMaxIter() == 15


def test_cross_validator_tunes_the_learning_rate(binary, tmp_path):
    clf = _classifier(maxIter=5)
    grid = ParamGridBuilder().addGrid(clf.learningRate, [1e-4, 0.1]).build()
    cv = CrossValidator(estimator=clf, estimatorParamMaps=grid,
                        evaluator=BinaryClassificationEvaluator(), numFolds=2, seed=1)
    cv_model = cv.fit(binary)
    assert len(cv_model.avgMetrics) == 2
    assert cv_model.avgMetrics[1] > cv_model.avgMetrics[0]
    assert cv_model.bestModel.getLearningRate() == 0.1
    cv_model.save(str(tmp_path / "cv"))
    reloaded = CrossValidatorModel.load(str(tmp_path / "cv"))
    assert reloaded.bestModel.coefficients == cv_model.bestModel.coefficients


def test_threshold_and_the_description_column(binary):
    model = _classifier(threshold=0.8).fit(binary)
    assert model.getThreshold() == 0.8
    rows = model.transform(binary).select("probability", "prediction").collect()
    assert all(r.prediction == (1.0 if r.probability[1] > 0.8 else 0.0) for r in rows)
    with pytest.raises(Exception, match=r"threshold 1.5 .* \[0, 1\]"):
        model.copy({model.threshold: 1.5}).transform(binary).collect()
    # The description Connect clients read: the same coefficients as the JVM's.
    from descent_spark._connect import describe
    description = describe(model)
    values = description["coefficientMatrix"]["values"]
    assert values == model.coefficients.toArray().tolist()
    assert description["summary"]["objectiveHistory"] == model.summary.objectiveHistory


def test_warm_start_continues_from_the_given_model(binary, linear):
    first = _classifier(maxIter=3).fit(binary)
    warm = _classifier(maxIter=2).setInitialModel(first)
    assert warm.getInitialModel() is first
    second = warm.fit(binary)
    # Epoch 0 of the warm start is the first model's last objective.
    assert second.summary.objectiveHistory[0] == pytest.approx(
        first.summary.objectiveHistory[-1], rel=1e-12)
    assert warm.copy().getInitialModel() is first
    with pytest.raises(TypeError, match="takes a LinearClassificationModel"):
        _classifier().setInitialModel(LinearRegressor(maxIter=1).fit(linear))
