"""Run by .ci/run in a virtual environment holding only the wheel and a pyspark: without the
Descent jar on the Spark JVM, creating or loading a stage raises an error that says how to add
the jar (not py4j's TypeError: 'JavaPackage' object is not callable)."""
from pyspark.sql import SparkSession

import descent_spark
from descent_spark.classification import LinearClassificationModel, LinearClassifier

spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
         .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
         .getOrCreate())
coordinates = descent_spark.maven_coordinates()
for attempt in (LinearClassifier, lambda: LinearClassificationModel.load("/nonexistent")):
    try:
        attempt()
    except RuntimeError as e:
        message = str(e)
        assert "dev.descent.spark.ml.classification.LinearClassifi" in message, message
        assert "spark.jars.packages" in message and coordinates in message, message
        assert "descent_spark.spark_jars()" in message, message
    else:
        raise AssertionError("a stage was created without the Descent jar on the JVM")
spark.stop()
print("missing-jar error: OK")
