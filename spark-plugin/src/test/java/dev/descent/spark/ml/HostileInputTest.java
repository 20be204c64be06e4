package dev.descent.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import dev.descent.spark.ml.training.TrainingSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A generated (property-based) test: random DataFrames built from a seeded generator, each
 * mixing some hazards (nulls, NaN and infinities in labels, weights and features, negative
 * weights, vectors of mixed sizes, dense and sparse vectors, values near 1e300, empty partitions,
 * a single row or class, more features than rows, a million sparse features). The property: a
 * fit either gives a finite model whose summary counts exactly the rows it skipped, or fails
 * with an IllegalArgumentException or ArithmeticException whose message names the problem; never
 * a hang, another exception (index out of bounds, null pointer), a NaN model or a lost row.
 *
 * <p>Each case is reproducible from its seed, which its name shows: to replay a failure, run
 * {@code check(Case.generate(seed))}. {@link #CASES} fixed seeds keep the suite deterministic.
 */
class HostileInputTest {

  private static final int CASES = 48;
  private static final long BASE_SEED = 20240601L;
  private static final double HUGE = 1e300;

  /** Which rows a generated DataFrame has and how the fit is configured. */
  record Case(long seed, String hazards, List<Row> rows, int partitions, boolean classifier,
      String loss, boolean skip, boolean standardize, int batchSize, boolean expectTooLarge,
      int declaredWidth) {

    static Case generate(long seed) {
      RandomGenerator random = new SplittableRandom(seed);
      boolean classifier = random.nextBoolean();
      String loss = classifier
          ? pick(random, "log", "log", "hinge", "modified_huber")
          : pick(random, "squared", "squared", "huber", "poisson");
      List<String> hazards = new ArrayList<>();
      int n;
      int d;
      int shape = random.nextInt(10);
      if (shape == 0) {
        n = 1;
        d = 1 + random.nextInt(3);
        hazards.add("single row");
      } else if (shape == 1) {
        n = 3 + random.nextInt(4);
        d = 40 + random.nextInt(30);
        hazards.add("more features than rows");
      } else if (Math.floorMod(seed, 24) == 0) {
        // Costly (the feature statistics alone take 56 MB per partition): 1 case in 24.
        n = 6 + random.nextInt(6);
        d = 1_000_000;
        hazards.add("1,000,000 sparse features");
      } else {
        n = 2 + random.nextInt(30);
        d = 1 + random.nextInt(5);
      }
      boolean wide = d >= 1000;
      int numClasses = random.nextInt(4) == 0 ? 1 : 2 + random.nextInt(2);
      if (classifier && numClasses == 1) {
        hazards.add("single class");
      }
      double badRate = random.nextInt(3) == 0 ? 0.0 : 0.05 + 0.3 * random.nextDouble();
      boolean huge = random.nextInt(6) == 0;
      String sparseMode = wide ? "sparse" : pick(random, "dense", "sparse", "mixed");
      if (!"dense".equals(sparseMode)) {
        hazards.add(sparseMode + " vectors");
      }
      List<Row> rows = new ArrayList<>();
      boolean tooLarge = false;
      for (int i = 0; i < n; i++) {
        double label = classifier
            ? random.nextInt(numClasses)
            : ("poisson".equals(loss) ? random.nextInt(5) : 3 * random.nextGaussian());
        Double weight = 0.2 + random.nextDouble();
        double[] x = new double[wide ? 0 : d];
        int[] indices = wide ? randomIndices(random, d, 1 + random.nextInt(4)) : null;
        double[] values = wide ? new double[indices.length] : x;
        for (int j = 0; j < values.length; j++) {
          values[j] = random.nextInt(5) == 0 && !wide ? 0.0 : random.nextGaussian() * (j + 1);
        }
        Object labelValue = label;
        Object features;
        if (huge && random.nextInt(3) == 0) {
          int where = random.nextInt(3);
          if (where == 0 && values.length > 0) {
            values[random.nextInt(values.length)] = (random.nextBoolean() ? 1 : -1) * HUGE;
            hazards.add("feature near 1e300");
            tooLarge = true;
          } else if (where == 1) {
            weight = HUGE;
            hazards.add("weight near 1e300");
            tooLarge = true;
          } else if (!classifier) {
            labelValue = "poisson".equals(loss) ? HUGE : -HUGE;
            hazards.add("label near 1e300");
            tooLarge = true;
          }
        }
        boolean sparse = "sparse".equals(sparseMode)
            || ("mixed".equals(sparseMode) && random.nextBoolean());
        features = wide
            ? Vectors.sparse(d, indices, values)
            : (sparse ? Vectors.dense(x).toSparse() : Vectors.dense(x));
        Object weightValue = weight;
        if (random.nextDouble() < badRate) {
          int kind = random.nextInt(12);
          switch (kind) {
            case 0 -> labelValue = null;
            case 1 -> labelValue = Double.NaN;
            case 2 -> labelValue = random.nextBoolean()
                ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 3 -> labelValue = classifier ? 0.5 : ("poisson".equals(loss) ? -1.0 : 7.0);
            case 4 -> weightValue = null;
            case 5 -> weightValue = random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            case 6 -> weightValue = -0.5;
            case 7 -> features = null;
            case 8 -> features = wide
                ? Vectors.sparse(d + 1, new int[] {d}, new double[] {1.0})
                : Vectors.dense(Arrays.copyOf(x, d + 1 + random.nextInt(2)));
            case 9 -> features = wide
                ? Vectors.sparse(d, new int[] {0}, new double[] {Double.NaN})
                : Vectors.dense(Arrays.copyOf(x, Math.max(0, d - 1)));
            case 10 -> features = withValue(features, d, Double.NaN, random);
            default -> features = withValue(features, d,
                random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY,
                random);
          }
          hazards.add("bad row " + i + " (" + kind + ")");
        }
        rows.add(RowFactory.create(labelValue, weightValue, features));
      }
      // More partitions than rows leaves some empty.
      int partitions = 1 + random.nextInt(wide ? 2 : Math.min(6, n + 3));
      if (partitions > n) {
        hazards.add("empty partitions");
      }
      // Half the cases declare the width in the column's ML attributes, as VectorAssembler does.
      int declaredWidth = random.nextBoolean() ? d : -1;
      if (declaredWidth >= 0) {
        hazards.add("declared width");
      }
      return new Case(seed, String.join(", ", new java.util.LinkedHashSet<>(hazards)), rows,
          partitions, classifier, loss, random.nextBoolean(), random.nextInt(4) != 0,
          random.nextBoolean() ? 8 : 1024, tooLarge, declaredWidth);
    }

    /**
     * The features' size as a fit takes it: the declared one, else the size every non-null
     * vector has; -1 when undeclared vectors disagree (the fit must say so) or all are null.
     */
    int expectedNumFeatures() {
      if (declaredWidth >= 0) {
        return declaredWidth;
      }
      List<Integer> sizes = rows.stream().filter(r -> !r.isNullAt(2))
          .map(r -> ((Vector) r.get(2)).size()).distinct().toList();
      return sizes.size() == 1 ? sizes.get(0) : -1;
    }

    /** Whether undeclared vectors come in several sizes, which fails every fit. */
    boolean mixedUndeclaredWidths() {
      return declaredWidth < 0 && rows.stream().filter(r -> !r.isNullAt(2))
          .map(r -> ((Vector) r.get(2)).size()).distinct().count() > 1;
    }

    /** Whether a fit must reject (or skip) row {@code row}, by the rules of handleInvalid. */
    boolean isBad(Row row) {
      int d = expectedNumFeatures();
      if (row.isNullAt(0) || row.isNullAt(1) || row.isNullAt(2)) {
        return true;
      }
      double label = row.getDouble(0);
      double weight = row.getDouble(1);
      Vector x = (Vector) row.get(2);
      boolean badLabel = !Double.isFinite(label)
          || (classifier && (label < 0 || label != Math.rint(label) || label >= 1000))
          || ("poisson".equals(loss) && label < 0);
      boolean badWeight = !(weight >= 0) || Double.isInfinite(weight);
      boolean badFeatures = x.size() != d
          || Arrays.stream(x.toSparse().values()).anyMatch(v -> !Double.isFinite(v));
      return badLabel || badWeight || badFeatures;
    }

    /**
     * Whether a valid row has a feature value or weight too large for the features' variance
     * (which needs their squares) to be computed, when standardizing.
     */
    boolean standardizesHugeValue() {
      return standardize && rows.stream().filter(r -> !isBad(r)).anyMatch(r -> r.getDouble(1)
          >= HUGE || Arrays.stream(((Vector) r.get(2)).toSparse().values())
              .anyMatch(v -> Math.abs(v) >= HUGE));
    }

    Dataset<Row> dataFrame() {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
      Dataset<Row> df = TestSpark.session().createDataFrame(jsc.parallelize(rows, partitions),
          TestData.SCHEMA);
      if (declaredWidth < 0) {
        return df;
      }
      return df.withColumn("features", df.col("features").as("features",
          new org.apache.spark.ml.attribute.AttributeGroup("features", declaredWidth)
              .toMetadata()));
    }

    @Override
    public String toString() {
      return "seed " + seed + ": " + rows.size() + " rows, " + expectedNumFeatures()
          + " features, " + partitions + " partitions, " + (classifier ? "classifier" : "regressor")
          + " loss " + loss + ", batch " + batchSize + (skip ? ", skip" : "")
          + (standardize ? "" : ", raw features")
          + (hazards.isEmpty() ? "" : "; " + hazards);
    }
  }

  private static String pick(RandomGenerator random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private static int[] randomIndices(RandomGenerator random, int d, int count) {
    return IntStream.generate(() -> random.nextInt(d)).distinct().limit(count).sorted().toArray();
  }

  /** {@code features} (non-null) with {@code value} at a random stored position, or appended. */
  private static Vector withValue(Object features, int d, double value,
      RandomGenerator random) {
    if (features == null || d == 0) {
      return Vectors.dense(value);
    }
    Vector v = (Vector) features;
    if (v instanceof org.apache.spark.ml.linalg.SparseVector s) {
      int[] indices = s.indices().length > 0 ? s.indices() : new int[] {random.nextInt(d)};
      double[] values = s.indices().length > 0 ? s.values().clone() : new double[1];
      values[random.nextInt(values.length)] = value;
      return Vectors.sparse(d, indices, values);
    }
    double[] x = v.toArray();
    x[random.nextInt(d)] = value;
    return Vectors.dense(x);
  }

  @TestFactory
  Stream<DynamicTest> everyGeneratedCaseTrainsOrFailsClearly() {
    return IntStream.range(0, CASES)
        .mapToObj(i -> Case.generate(BASE_SEED + i))
        .map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
  }

  static void check(Case c) {
    long bad = c.rows().stream().filter(c::isBad).count();
    long good = c.rows().size() - bad;
    double goodWeight = c.rows().stream().filter(r -> !c.isBad(r))
        .mapToDouble(r -> r.getDouble(1)).sum();
    Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      try {
        return fit(c);
      } catch (Exception e) { // SparkException is checked but thrown undeclared
        return e;
      }
    }, "the fit hung: " + c);
    if (outcome instanceof Exception e) {
      assertClearError(c, e, bad, good, goodWeight);
      return;
    }
    assertTrue(!c.mixedUndeclaredWidths(), "vectors of several sizes trained: " + c);
    TrainingSummary summary = (TrainingSummary) outcome;
    assertTrue(bad == 0 || c.skip(), "rows with bad values must fail the fit: " + c);
    assertTrue(good > 0 && goodWeight > 0, "nothing to train on, yet the fit succeeded: " + c);
    assertTrue(!c.standardizesHugeValue(), "a value too large to standardize with was used: " + c);
    assertEquals(bad, summary.numSkipped(), "skipped rows");
    assertEquals(good, summary.numRows(), "rows trained on");
    for (double objective : summary.objectiveHistory()) {
      assertTrue(Double.isFinite(objective), "objective " + objective + " in " + c);
    }
  }

  /** Fits the case's model and checks that it is finite; returns the summary. */
  private static TrainingSummary fit(Case c) {
    Dataset<Row> data = c.dataFrame();
    if (c.classifier()) {
      LinearClassificationModel model = new LinearClassifier().setLoss(c.loss())
          .setWeightCol("weight").setMaxIter(2).setTol(0).setBatchSize(c.batchSize())
          .setHandleInvalid(c.skip() ? "skip" : "error").setMaxSkippedFraction(1.0)
          .setStandardization(c.standardize()).fit(data);
      assertFinite(model.coefficientMatrix().toArray(), "coefficients", c);
      assertFinite(model.interceptVector().toArray(), "intercepts", c);
      return model.summary().training();
    }
    LinearRegressionModel model = new LinearRegressor().setLoss(c.loss())
        .setWeightCol("weight").setMaxIter(2).setTol(0).setBatchSize(c.batchSize())
        .setHandleInvalid(c.skip() ? "skip" : "error").setMaxSkippedFraction(1.0)
        .setStandardization(c.standardize()).fit(data);
    assertFinite(model.coefficients().toArray(), "coefficients", c);
    assertFinite(new double[] {model.intercept()}, "intercept", c);
    return model.summary().training();
  }

  private static void assertFinite(double[] values, String what, Case c) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        fail("the model's " + what + " hold " + v + ": " + c);
      }
    }
  }

  /** The failure must be one that a bad row, nothing to train on, or a huge value explains. */
  private static void assertClearError(Case c, Exception e, long bad, long good,
      double goodWeight) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IndexOutOfBoundsException || t instanceof NullPointerException
          || t instanceof ClassCastException || t instanceof NegativeArraySizeException) {
        throw new AssertionError("unclear failure for " + c, e);
      }
    }
    String message = String.valueOf(e.getMessage());
    if (!(e instanceof IllegalArgumentException || e instanceof ArithmeticException)) {
      throw new AssertionError("expected IllegalArgumentException or ArithmeticException for "
          + c, e);
    }
    if (c.mixedUndeclaredWidths()) {
      assertTrue(message.contains("has vectors of") && message.contains("the first at row"),
          "the error should list the sizes: " + message);
    } else if (bad > 0 && !c.skip()) {
      assertTrue(message.matches("(?s).*(label|weight|features) column '(label|weight|features)'"
          + ".*") || message.matches("(?s).*label .* in column 'label' is invalid.*"),
          "the error should name the column: " + message);
      assertTrue(message.contains("handleInvalid=skip"), message);
    } else if (good == 0) {
      assertTrue(message.contains("all " + bad + " rows were invalid"), message);
    } else if (!(goodWeight > 0)) {
      assertTrue(message.contains("sum to zero"), message);
    } else if (c.standardizesHugeValue()) {
      assertTrue(message.contains("too large to standardize"), message);
    } else if (c.expectTooLarge()) {
      assertTrue(message.contains("too large") || message.contains("diverged"),
          "a huge value should be named as such: " + message);
    } else {
      throw new AssertionError("valid data failed to train: " + c, e);
    }
  }
}
