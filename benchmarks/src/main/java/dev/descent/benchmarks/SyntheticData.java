package dev.descent.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Seeded synthetic data, generated in parallel by partition. Logistic data: label ~
 * Bernoulli(sigmoid(w . x + 0.2)), dense rows with standard normal features, or sparse rows with a
 * few hashed features among very many. Non-linear data: two interleaved spirals. Each
 * partition's rows depend only on (seed, partition), so a plain Java loop can regenerate exactly
 * the same rows without Spark.
 */
final class SyntheticData {

  static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("features", SQLDataTypes.VectorType());

  private SyntheticData() {}

  /** The true weights: standard normal scaled so that margins have standard deviation about 2. */
  static double[] trueWeights(int numFeatures, double scale, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] w = new double[numFeatures];
    for (int j = 0; j < numFeatures; j++) {
      w[j] = scale * gaussian(random);
    }
    return w;
  }

  /** Rows of partition {@code p} of a dense dataset, passed to {@code sink} as (label, x). */
  static void denseRows(long rows, int partitions, int p, int numFeatures, long seed,
      BiConsumer<Double, double[]> sink) {
    double[] w = trueWeights(numFeatures, 2.0 / Math.sqrt(numFeatures), seed);
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + p);
    for (long i = 0; i < partitionSize(rows, partitions, p); i++) {
      double[] x = new double[numFeatures];
      double margin = 0.2;
      for (int j = 0; j < numFeatures; j++) {
        x[j] = gaussian(random);
        margin += w[j] * x[j];
      }
      sink.accept(random.nextDouble() < 1 / (1 + Math.exp(-margin)) ? 1.0 : 0.0, x);
    }
  }

  /** A cached-ready DataFrame of {@code rows} dense rows in {@code partitions} partitions. */
  static Dataset<Row> dense(SparkSession spark, long rows, int numFeatures, int partitions,
      long seed) {
    return generate(spark, partitions, p -> {
      List<Row> out = new ArrayList<>();
      denseRows(rows, partitions, p, numFeatures, seed,
          (label, x) -> out.add(RowFactory.create(label, Vectors.dense(x))));
      return out;
    });
  }

  /**
   * Rows with {@code nonZeros} hashed binary features each among {@code numFeatures}, as a
   * feature hasher makes them; the label depends on the features through sparse true weights.
   */
  static Dataset<Row> hashed(SparkSession spark, long rows, int numFeatures, int nonZeros,
      int partitions, long seed) {
    return generate(spark, partitions, p -> {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + p);
      List<Row> out = new ArrayList<>();
      for (long i = 0; i < partitionSize(rows, partitions, p); i++) {
        int[] indices = random.ints(0, numFeatures).distinct().limit(nonZeros).sorted().toArray();
        double[] values = new double[indices.length];
        double margin = -0.5;
        for (int k = 0; k < indices.length; k++) {
          values[k] = 1.0;
          // A fixed pseudo-random weight per feature, from its index alone.
          margin += new SplittableRandom(seed ^ indices[k]).nextDouble(-1, 1);
        }
        double label = random.nextDouble() < 1 / (1 + Math.exp(-margin)) ? 1.0 : 0.0;
        out.add(RowFactory.create(label, Vectors.sparse(numFeatures, indices, values)));
      }
      return out;
    });
  }

  /**
   * Two interleaved spirals in the plane, a classic problem a linear model cannot learn: class c
   * lies on the arm r = t, angle = 2 pi {@code turns} t + c pi, with t drawn so that points
   * spread evenly along the arms (t = sqrt(u)), plus Gaussian noise of standard deviation
   * {@code noise} on both coordinates. Labels 0 and 1 are equally likely.
   */
  static Dataset<Row> spirals(SparkSession spark, long rows, double turns, double noise,
      int partitions, long seed) {
    return generate(spark, partitions, p -> {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + p);
      List<Row> out = new ArrayList<>();
      for (long i = 0; i < partitionSize(rows, partitions, p); i++) {
        int label = random.nextInt(2);
        double t = Math.sqrt(random.nextDouble());
        double angle = 2 * Math.PI * turns * t + label * Math.PI;
        double x = t * Math.cos(angle) + noise * gaussian(random);
        double y = t * Math.sin(angle) + noise * gaussian(random);
        out.add(RowFactory.create((double) label, Vectors.dense(x, y)));
      }
      return out;
    });
  }

  private static Dataset<Row> generate(SparkSession spark, int partitions,
      org.apache.spark.api.java.function.Function<Integer, List<Row>> partition) {
    List<Integer> indices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      indices.add(p);
    }
    JavaRDD<Row> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(indices, partitions)
        .flatMap(p -> partition.call(p).iterator());
    return spark.createDataFrame(rdd, SCHEMA);
  }

  static long partitionSize(long rows, int partitions, int p) {
    return rows / partitions + (p < rows % partitions ? 1 : 0);
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
