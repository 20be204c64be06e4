package dev.descent.spark.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small seeded synthetic datasets with columns label, weight and features. */
public final class TestData {

  public static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("weight", DataTypes.DoubleType)
      .add("features", SQLDataTypes.VectorType());

  private TestData() {}

  /** Features with different scales and offsets, so standardization matters. */
  static double[] features(Random random, int d) {
    double[] x = new double[d];
    for (int j = 0; j < d; j++) {
      x[j] = (j + 1) * random.nextGaussian() + 0.5 * j;
    }
    return x;
  }

  /** Labels 0..numClasses-1 drawn from a softmax (logistic for 2 classes) over true weights. */
  public static Dataset<Row> classification(int n, int d, int numClasses, long seed,
      int partitions, boolean weighted) {
    return classification(n, d, numClasses, seed, partitions, weighted, 1.0);
  }

  /** As above, with the true weights multiplied by {@code signal}: larger is easier to learn. */
  public static Dataset<Row> classification(int n, int d, int numClasses, long seed,
      int partitions, boolean weighted, double signal) {
    Random random = new Random(seed);
    double[][] w = new double[numClasses][d];
    for (double[] row : w) {
      for (int j = 0; j < d; j++) {
        row[j] = signal * random.nextGaussian() / (j + 1);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = features(random, d);
      double[] p = new double[numClasses];
      double sum = 0;
      for (int k = 0; k < numClasses; k++) {
        double m = k == 0 && numClasses == 2 ? 0 : dot(w[k], x) - 0.3 * k;
        p[k] = Math.exp(Math.max(-30, Math.min(30, m)));
        sum += p[k];
      }
      double u = random.nextDouble() * sum;
      int label = 0;
      while (label < numClasses - 1 && u > p[label]) {
        u -= p[label];
        label++;
      }
      double weight = weighted ? 0.5 + random.nextDouble() : 1.0;
      rows.add(RowFactory.create((double) label, weight, Vectors.dense(x)));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  /** y = x . w + 1 + noise. */
  public static Dataset<Row> regression(int n, int d, long seed, int partitions, boolean weighted) {
    Random random = new Random(seed);
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = random.nextGaussian();
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = features(random, d);
      double y = dot(w, x) + 1.0 + 0.5 * random.nextGaussian();
      double weight = weighted ? 0.5 + random.nextDouble() : 1.0;
      rows.add(RowFactory.create(y, weight, Vectors.dense(x)));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  /** Counts y ~ Poisson(exp(x . w + 0.5)) with small true weights. */
  public static Dataset<Row> poisson(int n, int d, long seed, int partitions) {
    Random random = new Random(seed);
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = 0.3 * random.nextGaussian() / (j + 1);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = features(random, d);
      double mean = Math.exp(Math.min(5, dot(w, x) + 0.5));
      // Knuth's method: fine for the small means used here.
      int count = 0;
      double limit = Math.exp(-mean);
      double product = random.nextDouble();
      while (product > limit) {
        count++;
        product *= random.nextDouble();
      }
      rows.add(RowFactory.create((double) count, 1.0, Vectors.dense(x)));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  public static Dataset<Row> of(Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] row : rows) {
      list.add(RowFactory.create(row));
    }
    return TestSpark.session().createDataFrame(list, SCHEMA);
  }

  public static Vector dense(double... values) {
    return Vectors.dense(values);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
