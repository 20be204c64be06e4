// Databricks notebook source
// MAGIC %md
// MAGIC # Purchase prediction with Descent (Scala)
// MAGIC
// MAGIC The purchase example as a Scala notebook. **On Databricks:** attach the library of the
// MAGIC cluster's Spark line (Maven coordinates such as `dev.descent:descent-spark-4.0_2.13:0.2.0`; the
// MAGIC README's compatibility table lists every line) and upload `examples/data/purchases.csv`; set
// MAGIC `data` below to its path.
// MAGIC **Locally:** `spark-shell --jars spark-plugin/target/descent-spark-4.0_2.13-0.2.0.jar -I examples/notebooks/purchase_prediction.scala`
// MAGIC from the repository root.

// COMMAND ----------

import dev.descent.spark.ml.classification.{LinearClassificationModel, LinearClassifier}
import org.apache.spark.ml.{Pipeline, PipelineModel}
import org.apache.spark.ml.evaluation.{BinaryClassificationEvaluator, MulticlassClassificationEvaluator}
import org.apache.spark.ml.feature.{OneHotEncoder, StringIndexer, VectorAssembler}

val data = sys.env.getOrElse("PURCHASES_CSV", "examples/data/purchases.csv")
val modelPath = sys.env.getOrElse("MODEL_PATH", "/tmp/descent-purchase-notebook-model-scala")

// COMMAND ----------

val customers = spark.read.option("header", "true").
  schema("age INT, income DOUBLE, education STRING, purchased STRING").csv(data)
val Array(train, test) = customers.randomSplit(Array(0.8, 0.2), 7L)

// COMMAND ----------

val classifier = new LinearClassifier().setLoss("log").setOptimizer("adam").
  setLearningRate(0.05).setRegParam(0.01).setMaxIter(60).setBatchSize(128).setSeed(42L)
val pipeline = new Pipeline().setStages(Array(
  new StringIndexer().setInputCol("purchased").setOutputCol("label").setStringOrderType("alphabetAsc"),
  new StringIndexer().setInputCol("education").setOutputCol("educationIndex"),
  new OneHotEncoder().setInputCol("educationIndex").setOutputCol("educationVec"),
  new VectorAssembler().setInputCols(Array("age", "income", "educationVec")).setOutputCol("features"),
  classifier))
val model = pipeline.fit(train)
val lr = model.stages.last.asInstanceOf[LinearClassificationModel]
println(s"${lr.summary.totalEpochs} epochs, stopped: ${lr.summary.stopReason}")
println(s"coefficients: ${lr.coefficients} intercept: ${lr.intercept}")

// COMMAND ----------

val predictions = model.transform(test)
val accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions)
val auc = new BinaryClassificationEvaluator().evaluate(predictions)
println(f"accuracy $accuracy%.4f, areaUnderROC $auc%.4f")

// COMMAND ----------

model.write.overwrite().save(modelPath)
val reloaded = PipelineModel.load(modelPath)
assert(reloaded.transform(test).select("rawPrediction").collect().toSeq ==
  predictions.select("rawPrediction").collect().toSeq, "the reloaded model predicts differently")
println("purchase notebook: OK")
