"""Descent from Python, end to end: predicts whether a customer buys (examples/data/purchases.csv)
with a pipeline ending in a LinearClassifier, prints how training went and the test metrics,
then saves the pipeline and checks the reloaded one predicts the same.

    pip install descent-spark
    python examples/python/quick_start.py

From a checkout with a jar you built, name it: DESCENT_JAR=spark-plugin/target/<jar> (the CI
runs it so, see python/run-tests.sh). Prints "quick start script: OK" at the end.
"""
import os
import tempfile

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.sql import SparkSession

import descent_spark
from descent_spark import LinearClassifier

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "purchases.csv")

# The jar must be on Spark's classpath before the session starts: the wheel's, or DESCENT_JAR.
jars = os.environ.get("DESCENT_JAR") or descent_spark.spark_jars()
spark = (SparkSession.builder.master("local[2]").appName("descent quick start")
         .config("spark.jars", jars)
         .config("spark.sql.shuffle.partitions", "4")
         .config("spark.ui.showConsoleProgress", "false")
         .getOrCreate())

customers = spark.read.csv(DATA, header=True,
                           schema="age INT, income DOUBLE, education STRING, purchased STRING")
# The held-out rows tell the classifier when to stop (early stopping on areaUnderROC).
customers = customers.selectExpr("*", "rand(3) < 0.15 AS validation")
train, test = customers.randomSplit([0.8, 0.2], seed=7)

pipeline = Pipeline(stages=[
    # alphabetAsc orders "no" before "yes": purchased = yes is label 1.0.
    StringIndexer(inputCol="purchased", outputCol="label", stringOrderType="alphabetAsc"),
    StringIndexer(inputCol="education", outputCol="educationIndex"),
    OneHotEncoder(inputCol="educationIndex", outputCol="educationVec"),
    VectorAssembler(inputCols=["age", "income", "educationVec"], outputCol="features"),
    LinearClassifier(loss="log", optimizer="adam", learningRate=0.05, maxIter=60, batchSize=128,
                     validationIndicatorCol="validation", validationMetric="areaUnderROC",
                     earlyStoppingPatience=5, seed=42),
])
model = pipeline.fit(train)

classifier = model.stages[-1]
summary = classifier.summary
print(f"{summary.totalEpochs} epochs ({summary.stopReason}): {summary.stopMessage}")
summary.history.show(5)
print("coefficients", classifier.coefficients, "intercept", classifier.intercept)
classifier.featureCoefficients().show()

predictions = model.transform(test)
auc = BinaryClassificationEvaluator().evaluate(predictions)
# The summary's metrics on other rows: the features the pipeline's other stages make of them.
features = PipelineModel(stages=model.stages[:-1]).transform(test)
test_metrics = classifier.evaluate(features, "test rows")
print(f"test rows: areaUnderROC {auc:.4f}, accuracy {test_metrics.accuracy:.4f}")

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "purchase-model")
    model.write().overwrite().save(path)
    reloaded = PipelineModel.load(path)
    same = (reloaded.transform(test).select("probability").collect()
            == predictions.select("probability").collect())

# Explicit checks, not asserts: python -O would drop those.
if not same:
    raise RuntimeError("the reloaded pipeline predicts differently")
if auc <= 0.8:
    raise RuntimeError(f"areaUnderROC {auc} is too low")
print("quick start script: OK")
spark.stop()
