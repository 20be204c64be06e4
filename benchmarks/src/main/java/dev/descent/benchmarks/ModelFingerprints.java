package dev.descent.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;

import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassificationModel;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import dev.descent.spark.ml.regression.MLPRegressionModel;
import dev.descent.spark.ml.regression.MLPRegressor;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Prints one line per training configuration (every optimizer, schedules, clipping, L1 and
 * elastic net, model averaging, running objectives, early stopping, checkpoint and resume, warm
 * start, every regression loss, networks with dropout, restarts and averaging) with a hash of
 * the raw bits of the fitted model. Seeded fits are deterministic, so a refactoring that must
 * not change results is checked by running this on the commits before and after and diffing
 * the output: any changed bit changes a line. It uses the public API only, so it runs unchanged
 * on both sides. Usage: {@code ModelFingerprints [a9a file]} (default ../shared/data/a9a).
 */
public final class ModelFingerprints {

  private ModelFingerprints() {}

  /** A hash of the raw bits of {@code v}: equal only for bit-identical vectors. */
  static String bits(double[] v) {
    long h = 1125899906842597L;
    for (double d : v) h = 31 * h + Double.doubleToRawLongBits(d);
    return Long.toHexString(h);
  }
  /** The coefficients, then the intercepts. */
  static double[] cat(Matrix m, Vector b) {
    double[] a = m.toArray(); double[] c = b.toArray();
    double[] r = Arrays.copyOf(a, a.length + c.length);
    System.arraycopy(c, 0, r, a.length, c.length); return r;
  }
  public static void main(String[] args) throws Exception {
    String a9a = args.length > 0 ? args[0] : "../shared/data/a9a";
    SparkSession spark = SparkSession.builder().master("local[2]").appName("model fingerprints")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    Dataset<Row> raw = spark.read().format("libsvm").option("numFeatures", 123).load(a9a);
    Dataset<Row> data = raw.withColumn("label", when(col("label").gt(0), 1.0).otherwise(0.0))
        .limit(6000).repartition(4).cache();
    Dataset<Row> withVal = data.withColumn("isVal", rand(7).lt(0.2));
    Dataset<Row> reg = data.withColumn("label", col("label").multiply(3).plus(1));
    List<String> out = new ArrayList<>();
    List<LinearClassifier> lcs = List.of(
      new LinearClassifier().setMaxIter(5),
      new LinearClassifier().setMaxIter(4).setOptimizer("sgd").setMomentum(0.9).setNesterov(true).setRegParam(0.01).setElasticNetParam(0.5),
      new LinearClassifier().setMaxIter(4).setOptimizer("sgd").setRegParam(0.01).setElasticNetParam(1.0),
      new LinearClassifier().setMaxIter(3).setLocalSteps(4).setBatchSize(256),
      new LinearClassifier().setMaxIter(3).setLocalSteps(3).setBatchSize(100).setOptimizer("nadam").setRegParam(0.02).setElasticNetParam(0.3),
      new LinearClassifier().setMaxIter(4).setEpochObjective("running").setBatchSize(500).setShuffle(false),
      new LinearClassifier().setMaxIter(6).setLrSchedule("plateau").setWarmupEpochs(2).setClipGradNorm(0.5).setClipGradValue(0.2).setOptimizer("rmsprop").setCentered(true),
      new LinearClassifier().setMaxIter(5).setBatchSize(100000).setOptimizer("adamw").setStandardization(false).setFitIntercept(false),
      new LinearClassifier().setMaxIter(3).setLoss("hinge").setOptimizer("adagrad").setLrSchedule("cosine"),
      new LinearClassifier().setMaxIter(3).setOptimizer("adadelta").setLrSchedule("multistep").setLrMilestones(new int[]{1,2}),
      new LinearClassifier().setMaxIter(3).setOptimizer("adamax").setAggregationDepth(3).setLrSchedule("step").setLrStepSize(1),
      new LinearClassifier().setMaxIter(3).setLoss("modified_huber").setLrSchedule("exponential").setLrGamma(0.5),
      new LinearClassifier().setMaxIter(2).setLoss("squared_hinge").setLrSchedule("invscaling").setAmsgrad(true));
    int i = 0;
    for (LinearClassifier lc : lcs) {
      LinearClassificationModel m = lc.fit(data);
      out.add("lc" + (i++) + " " + bits(cat(m.coefficientMatrix(), m.interceptVector())) + " epochs=" + m.summary().training().objectiveHistory().length);
    }
    LinearClassificationModel es = new LinearClassifier().setMaxIter(30).setBatchSize(200).setValidationIndicatorCol("isVal")
        .setEarlyStoppingPatience(2).setValidationMetric("areaUnderROC").setLearningRate(0.5).fit(withVal);
    out.add("lc-es " + bits(cat(es.coefficientMatrix(), es.interceptVector())) + " h=" + bits(es.summary().training().objectiveHistory()));
    String dir = Files.createTempDirectory("fingerprint-checkpoints").toString();
    new LinearClassifier().setMaxIter(2).setBatchSize(1000).setCheckpointDir(dir).setCheckpointInterval(1).fit(data);
    LinearClassificationModel resumed = new LinearClassifier().setMaxIter(4).setBatchSize(1000).setResumeFrom(dir).fit(data);
    out.add("lc-resume " + bits(cat(resumed.coefficientMatrix(), resumed.interceptVector())));
    LinearClassificationModel warm = new LinearClassifier().setMaxIter(2).setInitialModel(resumed).fit(data);
    out.add("lc-warm " + bits(cat(warm.coefficientMatrix(), warm.interceptVector())));
    for (String loss : List.of("squared", "huber", "epsilon_insensitive", "quantile")) {
      LinearRegressionModel m = new LinearRegressor().setLoss(loss).setMaxIter(3).setBatchSize(300).fit(reg);
      out.add("lr-" + loss + " " + bits(m.coefficients().toArray()) + " " + Double.doubleToRawLongBits(m.intercept()));
    }
    LinearRegressionModel pm = new LinearRegressor().setLoss("poisson").setMaxIter(3).setLearningRate(0.01).fit(reg);
    out.add("lr-poisson " + bits(pm.coefficients().toArray()) + " " + Double.doubleToRawLongBits(pm.intercept()));
    MLPClassificationModel mlp = new MLPClassifier().setHiddenLayers(new int[]{8}).setMaxIter(3).setBatchSize(500).setDropout(0.2).setRegParam(0.001).fit(data);
    out.add("mlp " + bits(mlp.parameters().toArray()));
    MLPClassificationModel mlp2 = new MLPClassifier().setHiddenLayers(new int[]{5, 3}).setActivation("tanh").setMaxIter(3).setLocalSteps(3).setBatchSize(200).setNumRestarts(2).setValidationIndicatorCol("isVal").fit(withVal);
    out.add("mlp2 " + bits(mlp2.parameters().toArray()));
    MLPRegressionModel mr = new MLPRegressor().setHiddenLayers(new int[]{6}).setMaxIter(3).setEpochObjective("running").setBatchSize(700).setOptimizer("sgd").setMomentum(0.5).setLearningRate(0.01).fit(reg);
    out.add("mlpr " + bits(mr.parameters().toArray()));
    out.forEach(System.out::println);
    spark.stop();
  }
}
