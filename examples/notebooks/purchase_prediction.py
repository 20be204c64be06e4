# Databricks notebook source
# MAGIC %md
# MAGIC # Purchase prediction with Descent (Python)
# MAGIC
# MAGIC Predicts whether a customer buys from age, income and education with a Spark ML pipeline
# MAGIC ending in Descent's `LinearClassifier` (logistic regression trained with Adam).
# MAGIC
# MAGIC **On Databricks:** attach the library of the cluster's Spark line (Libraries > Install new >
# MAGIC Maven, e.g. `dev.descent:descent-spark-4.0_2.13:0.2.0` on 17.3 LTS; the README's compatibility
# MAGIC table lists every line), `%pip install` the `descent-spark` Python package, and upload
# MAGIC `examples/data/purchases.csv`;
# MAGIC enter its path in the `data` widget at the top (and a folder for the saved model in
# MAGIC `model_path`). Each fit prints a line per epoch (see `descent_spark.progress`).
# MAGIC **Locally:** `DESCENT_JAR=<jar> python examples/notebooks/purchase_prediction.py` from the
# MAGIC repository root (this is how the CI runs it; `PURCHASES_CSV` and `MODEL_PATH` change the paths).

# COMMAND ----------

import os

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator, MulticlassClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.sql import SparkSession

from descent_spark import LinearClassifier

STARTED_HERE = "spark" not in globals()
if STARTED_HERE:  # run as a script: a local session with the library jar
    # SPARK_API_MODE=connect makes it a Spark Connect session with a local server (pyspark 4).
    spark = (SparkSession.builder.master("local[2]").appName("purchase notebook")
             .config("spark.jars", os.environ["DESCENT_JAR"])
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.connect.grpc.binding.address", "127.0.0.1")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    CONNECT = type(spark).__module__.startswith("pyspark.sql.connect")
    if not CONNECT:
        spark.sparkContext.setLogLevel("ERROR")
    print("Spark Connect session" if CONNECT else "classic Spark session")


def parameter(name, env, default):
    """A Databricks widget's value when run there, else the environment variable's."""
    if "dbutils" in globals():
        dbutils.widgets.text(name, default)  # noqa: F821 - Databricks defines dbutils
        return dbutils.widgets.get(name)  # noqa: F821
    return os.environ.get(env, default)


def show(df):
    """Databricks' table view where it exists, else the text table."""
    if "display" in globals():
        display(df)  # noqa: F821 - Databricks defines display
    else:
        df.show()


DATA = parameter("data", "PURCHASES_CSV", "examples/data/purchases.csv")
MODEL_PATH = parameter("model_path", "MODEL_PATH", "/tmp/descent-purchase-notebook-model")

# COMMAND ----------

customers = spark.read.csv(DATA, header=True,
                           schema="age INT, income DOUBLE, education STRING, purchased STRING")
train, test = customers.randomSplit([0.8, 0.2], seed=7)
print(f"{train.count()} training rows, {test.count()} test rows")

# COMMAND ----------

classifier = LinearClassifier(loss="log", optimizer="adam", learningRate=0.05, regParam=0.01,
                              maxIter=60, batchSize=128, seed=42)
pipeline = Pipeline(stages=[
    # alphabetAsc orders "no" before "yes": purchased = yes is label 1.0.
    StringIndexer(inputCol="purchased", outputCol="label", stringOrderType="alphabetAsc"),
    StringIndexer(inputCol="education", outputCol="educationIndex"),
    OneHotEncoder(inputCol="educationIndex", outputCol="educationVec"),
    VectorAssembler(inputCols=["age", "income", "educationVec"], outputCol="features"),
    classifier,
])
model = pipeline.fit(train)
lr = model.stages[-1]
summary = lr.summary
print(f"{summary.totalEpochs} epochs, {summary.totalSteps} steps, stopped: {summary.stopReason}")
show(summary.history)
print("coefficients:", lr.coefficients, "intercept:", lr.intercept)
show(lr.featureCoefficients())

# COMMAND ----------

predictions = model.transform(test)
accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(predictions)
auc = BinaryClassificationEvaluator().evaluate(predictions)
print(f"accuracy {accuracy:.4f}, areaUnderROC {auc:.4f}")
show(predictions.select("age", "income", "education", "purchased", "prediction", "probability"))

# COMMAND ----------

model.write().overwrite().save(MODEL_PATH)
reloaded = PipelineModel.load(MODEL_PATH)
same = (reloaded.transform(test).select("rawPrediction").collect()
        == predictions.select("rawPrediction").collect())
# Explicit checks, not asserts: python -O would drop those.
if not same:
    raise RuntimeError("the reloaded model predicts differently")
if auc <= 0.8:
    raise RuntimeError(f"areaUnderROC {auc} is too low")
print("purchase notebook: OK")
if STARTED_HERE:  # a notebook's own session stays; a script stops the one it started
    spark.stop()
