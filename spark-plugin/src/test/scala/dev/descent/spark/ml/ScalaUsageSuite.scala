package dev.descent.spark.ml

import java.nio.file.Files

import dev.descent.spark.ml.classification.{LinearClassificationModel, LinearClassifier}
import dev.descent.spark.ml.regression.{LinearRegressionModel, LinearRegressor}
import org.apache.spark.ml.{Pipeline, PipelineModel}
import org.apache.spark.ml.evaluation.{BinaryClassificationEvaluator, RegressionEvaluator}
import org.apache.spark.ml.feature.VectorAssembler
import org.apache.spark.ml.tuning.{CrossValidator, ParamGridBuilder}
import org.apache.spark.sql.{DataFrame, SparkSession}
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

/** A row of the customers table; top level so that Spark can derive its encoder. */
case class Customer(age: Double, income: Double, purchased: Double)

/** The library used from Scala the way a notebook or a Scala job would use it. */
class ScalaUsageSuite extends AnyFunSuite with BeforeAndAfterAll {

  private lazy val spark: SparkSession = SparkSession.builder()
    .master("local[2]")
    .appName("descent-scala-tests")
    .config("spark.ui.enabled", "false")
    .config("spark.driver.host", "127.0.0.1")
    .config("spark.driver.bindAddress", "127.0.0.1")
    .config("spark.sql.shuffle.partitions", "2")
    .getOrCreate()

  /** Purchases become likelier with income and less likely with age, plus noise. */
  private lazy val customers: DataFrame = {
    import spark.implicits._
    val random = new scala.util.Random(7)
    val rows = (1 to 400).map { _ =>
      val age = 20 + random.nextInt(50)
      val income = 20000 + random.nextDouble() * 80000
      val margin = (income - 60000) / 15000 - (age - 45) / 15.0 + random.nextGaussian()
      Customer(age, income, if (margin > 0) 1.0 else 0.0)
    }
    rows.toDF().repartition(2).cache()
  }

  private def assembler = new VectorAssembler()
    .setInputCols(Array("age", "income"))
    .setOutputCol("features")

  override def afterAll(): Unit = spark.stop()

  test("a pipeline with LinearClassifier trains, evaluates and round-trips through save/load") {
    val classifier = new LinearClassifier()
      .setLabelCol("purchased")
      .setOptimizer("adam")
      .setLearningRate(0.05)
      .setRegParam(0.01)
      .setBatchSize(64)
      .setMaxIter(20)
    val model = new Pipeline().setStages(Array(assembler, classifier)).fit(customers)
    val auc = new BinaryClassificationEvaluator().setLabelCol("purchased")
      .evaluate(model.transform(customers))
    assert(auc > 0.85, s"AUC $auc")

    val fitted = model.stages.last.asInstanceOf[LinearClassificationModel]
    assert(fitted.summary.objectiveHistory.length == 21)
    assert(fitted.coefficients.size == 2)

    val dir = Files.createTempDirectory("descent-scala").resolve("pipeline").toString
    model.write.overwrite().save(dir)
    val reloaded = PipelineModel.load(dir)
    val before = model.transform(customers).select("prediction").collect().toSeq
    val after = reloaded.transform(customers).select("prediction").collect().toSeq
    assert(before == after)
  }

  test("CrossValidator tunes the optimizer and the learning rate") {
    val classifier = new LinearClassifier().setLabelCol("purchased").setMaxIter(8)
    val grid = new ParamGridBuilder()
      .addGrid(classifier.optimizer, Seq("sgd", "rmsprop"))
      .addGrid(classifier.learningRate, Array(0.01, 0.1))
      .build()
    val cv = new CrossValidator()
      .setEstimator(new Pipeline().setStages(Array(assembler, classifier)))
      .setEstimatorParamMaps(grid)
      .setEvaluator(new BinaryClassificationEvaluator().setLabelCol("purchased"))
      .setNumFolds(2)
      .setSeed(11)
      .fit(customers)
    assert(cv.avgMetrics.length == 4)
    assert(cv.avgMetrics.forall(m => m > 0.5 && m <= 1.0), cv.avgMetrics.mkString(", "))
  }

  test("LinearRegressor predicts income from age with squared and huber losses") {
    val data = assembler.setInputCols(Array("age")).transform(customers)
    for (loss <- Seq("squared", "huber")) {
      val model: LinearRegressionModel = new LinearRegressor()
        .setLabelCol("income")
        .setLoss(loss)
        .setHuberDelta(20000.0)
        .setOptimizer("sgd")
        .setMomentum(0.9)
        .setLearningRate(0.5)
        .setBatchSize(Int.MaxValue)
        .setMaxIter(100)
        .fit(data)
      val rmse = new RegressionEvaluator().setLabelCol("income").evaluate(model.transform(data))
      // Income does not depend on age here: the best linear fit is about the mean, whose error
      // is the income's standard deviation (80000 / sqrt(12), about 23000).
      assert(rmse < 25000, s"$loss rmse $rmse")
      assert(math.abs(model.intercept - 60000) < 8000, s"$loss intercept ${model.intercept}")
    }
  }

  test("params are typed Spark params that Scala code can explain, copy and read") {
    val classifier = new LinearClassifier().setMaxIter(3).setLoss("hinge")
    assert(classifier.explainParams().contains("optimizer"))
    assert(classifier.getMaxIter == 3)
    val copy = classifier.copy(org.apache.spark.ml.param.ParamMap(classifier.maxIter -> 9))
    assert(copy.getMaxIter == 9 && copy.getLoss == "hinge" && copy.uid == classifier.uid)
    assert(classifier.params.map(_.name).contains("learningRate"))
  }
}
