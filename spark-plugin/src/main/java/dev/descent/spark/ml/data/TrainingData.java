package dev.descent.spark.ml.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import dev.descent.spark.ml.util.TreeAggregation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The training rows of one fit, validated and laid out once as cached {@link RowBlock}s, in one
 * pass over the input that also gathers the feature statistics (see {@link InputSummary}).
 * The blocks hold the features as they are: standardization is applied by the objectives to
 * parameters and gradients, with {@link #featureScale()}, so that it needs no second pass. Close
 * it to release the cache.
 */
public final class TrainingData implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

  private final JavaRDD<RowBlock> blocks;
  private final int[][] blockRows;
  private final long numRows;
  private final long numSkipped;
  private final int numFeatures;
  private final double[] trainingStd;
  private final double[] inputStd;
  private final double[] featureMean;
  private final double maxLabel;
  private final boolean sparse;
  private final DataDigest digest;

  private TrainingData(JavaRDD<RowBlock> blocks, int[][] blockRows, long numRows,
      long numSkipped, int numFeatures, double[] trainingStd, double[] inputStd,
      double[] featureMean, double maxLabel, boolean sparse, DataDigest digest) {
    this.blocks = blocks;
    this.blockRows = blockRows;
    this.numRows = numRows;
    this.numSkipped = numSkipped;
    this.numFeatures = numFeatures;
    this.trainingStd = trainingStd;
    this.inputStd = inputStd;
    this.featureMean = featureMean;
    this.maxLabel = maxLabel;
    this.sparse = sparse;
    this.digest = digest;
  }

  /**
   * What a fit checks once the width of the data and its number of partitions are known, before
   * the pass over the input: that the driver can hold what the fit will send it.
   */
  @FunctionalInterface
  public interface BeforeLoad {
    void check(int numFeatures, int numPartitions);
  }

  /** Most bytes of partial statistics the driver receives at once (see {@link #load}). */
  static final long MAX_STATISTICS_AT_DRIVER = 64L << 20;

  /**
   * Validates {@code dataset} against {@code spec} and caches its rows as blocks.
   *
   * @throws IllegalArgumentException naming the column and value of the first invalid row (unless
   *     skipping), a missing or mistyped column, or an input with nothing to train on
   */
  public static TrainingData load(Dataset<?> dataset, InputSpec spec) {
    return load(dataset, spec, (numFeatures, numPartitions) -> {});
  }

  /**
   * Validates {@code dataset} against {@code spec} and caches its rows as blocks, in one pass over
   * the input: the job that builds and caches the blocks also summarizes them, merging the
   * partitions' summaries in a {@link TreeAggregation} of {@code spec.aggregationDepth()}, with
   * more rounds on the executors when needed so that the driver receives at most
   * {@link #MAX_STATISTICS_AT_DRIVER} bytes of them (at least one summary).
   *
   * @param beforeLoad called with the width and the partition count before the pass
   * @throws IllegalArgumentException naming the column and value of the first invalid row (unless
   *     skipping), a missing or mistyped column, or an input with nothing to train on
   */
  public static TrainingData load(Dataset<?> dataset, InputSpec spec, BeforeLoad beforeLoad) {
    StructType schema = dataset.schema();
    requireColumn(schema, spec.labelCol(), "label", NumericType.class);
    requireColumn(schema, spec.featuresCol(), "features", VectorUDT.class);
    Column weight = lit(1.0);
    if (spec.weightCol() != null) {
      requireColumn(schema, spec.weightCol(), "weight", NumericType.class);
      weight = col(spec.weightCol()).cast("double");
    }
    Dataset<Row> selected =
        dataset.select(col(spec.labelCol()).cast("double"), weight, col(spec.featuresCol()));
    int numFeatures = numFeatures(schema.apply(spec.featuresCol()), selected, spec);
    RowValidator validator = new RowValidator(spec, numFeatures);
    JavaRDD<Row> rows = selected.toJavaRDD();
    int numPartitions = rows.getNumPartitions();
    beforeLoad.check(numFeatures, numPartitions);
    SkippedRows skippedRows = new SkippedRows();
    rows.context().register(skippedRows, "descent skipped rows");
    double maxBlockSizeInMB = spec.maxBlockSizeInMB();
    JavaRDD<RowBlock> blocks = rows.mapPartitionsWithIndex((partition, it) -> {
      BlockBuilder builder = new BlockBuilder(partition, numFeatures, maxBlockSizeInMB);
      long skipped = 0;
      String firstProblem = null;
      while (it.hasNext()) {
        Row row = it.next();
        String problem = validator.problem(row);
        if (problem == null) {
          builder.add(row.getDouble(0), row.getDouble(1), (Vector) row.get(2));
        } else {
          validator.reject(problem);
          firstProblem = skipped++ == 0 ? problem : firstProblem;
        }
      }
      skippedRows.add(new SkippedRows.Partition(partition, skipped, firstProblem));
      return builder.finish().iterator();
    }, true).persist(StorageLevel.MEMORY_AND_DISK());
    boolean loaded = false;
    try {
      int atDriver = statisticsAtDriver(numFeatures);
      InputSummary summary = unwrapInvalidRow(() -> TreeAggregation.aggregate(blocks,
          spec.aggregationDepth(), atDriver, it -> InputSummary.of(it, numFeatures),
          InputSummary.COMBINER));
      List<int[]> layout = unwrapInvalidRow(() -> blocks.map(b -> new int[] {
          b.partition(), b.index(), b.numRows(), b instanceof SparseRowBlock ? 1 : 0}).collect());
      if (!skippedRows.complete(numPartitions)) {
        throw new IllegalStateException("the count of skipped rows of some of the "
            + numPartitions + " partitions did not reach the driver");
      }
      long skipped = skippedRows.value();
      if (skipped > 0) {
        requireFewSkipped(skipped, summary.rows() + skipped, skippedRows.firstProblem(), spec);
      }
      double[] inputStd = summary.std();
      double[] std = checkedStd(summary, skipped, inputStd, spec);
      TrainingData data = new TrainingData(blocks, blockRows(layout, numPartitions),
          summary.rows(), skipped, numFeatures, std, inputStd, summary.mean(),
          summary.maxLabel(), layout.stream().anyMatch(block -> block[3] == 1),
          summary.digest());
      loaded = true;
      return data;
    } finally {
      // Whatever failed, Spark's checked exceptions included, the cache must not outlive it.
      if (!loaded) {
        blocks.unpersist(false);
      }
    }
  }

  /**
   * Logs what {@code handleInvalid=skip} dropped, and fails when it is more than
   * {@code maxSkippedFraction} of the rows: so many bad rows are a broken input, not a few
   * stray ones, and training on the rest would silently give another model.
   */
  private static void requireFewSkipped(long skipped, long total, String firstProblem,
      InputSpec spec) {
    double fraction = (double) skipped / total;
    String dropped = String.format(java.util.Locale.ROOT, "handleInvalid=skip dropped %d of %d"
        + " rows (%.1f%%); the first: %s", skipped, total, 100 * fraction, firstProblem);
    if (fraction > spec.maxSkippedFraction()) {
      throw new IllegalArgumentException(dropped + "; that is more than maxSkippedFraction ("
          + spec.maxSkippedFraction() + "): fix the input, or raise maxSkippedFraction");
    }
    LOG.warn(dropped);
  }

  /** How many partial summaries of {@code numFeatures} features the driver may receive. */
  private static int statisticsAtDriver(int numFeatures) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE,
        MAX_STATISTICS_AT_DRIVER / InputSummary.maxEncodedBytes(numFeatures)));
  }

  /**
   * The most bytes the statistics of {@code numFeatures} features over {@code numPartitions}
   * take on the driver while they are merged: the partial summaries it receives (each at most
   * dense), the one they merge into, and the mean and deviations derived from it.
   */
  public static long statisticsDriverBytes(int numFeatures, int numPartitions, int depth) {
    long partial = InputSummary.maxEncodedBytes(numFeatures);
    int received = TreeAggregation.resultsAtDriver(Math.max(1, numPartitions), depth,
        statisticsAtDriver(numFeatures));
    return (received + 2L) * partial + 24L * numFeatures;
  }

  /**
   * The features' standard deviations {@code inputStd} when standardizing (else null), once the
   * summary shows there is something to train on and statistics fit in doubles.
   */
  private static double[] checkedStd(InputSummary summary, long skipped, double[] inputStd,
      InputSpec spec) {
    if (summary.rows() == 0) {
      throw new IllegalArgumentException(skipped == 0
          ? "the DataFrame has no rows to train on"
          : "all " + skipped + " rows were invalid and skipped (handleInvalid=skip)");
    }
    if (!(summary.weightSum() > 0)) {
      throw new IllegalArgumentException(
          "the weights in column '" + spec.weightCol() + "' sum to zero: nothing to train on");
    }
    if (Double.isInfinite(summary.weightSum())) {
      throw new IllegalArgumentException("the weights in column '" + spec.weightCol()
          + "' are too large: their sum overflows a double; rescale them (only their ratios"
          + " matter)");
    }
    if (!spec.standardize()) {
      return null;
    }
    if (Double.isInfinite(summary.weightSquareSum())) {
      throw new IllegalArgumentException("the weights in column '" + spec.weightCol()
          + "' are too large to standardize with: the sum of their squares overflows a double;"
          + " rescale them (only their ratios matter) or set standardization=false");
    }
    requireFiniteStatistics(inputStd, summary, spec);
    return inputStd;
  }

  private static void requireColumn(
      StructType schema, String name, String role, Class<? extends DataType> type) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException("the " + role + " column '" + name
          + "' does not exist; the columns are " + Arrays.toString(schema.fieldNames()));
    }
    DataType actual = schema.apply(name).dataType();
    if (!type.isInstance(actual)) {
      throw new IllegalArgumentException("the " + role + " column '" + name + "' must be "
          + (type == VectorUDT.class ? "a vector" : "numeric") + ", but it is "
          + actual.catalogString());
    }
  }

  /**
   * The features' size: declared by the column's ML attributes (VectorAssembler and the LIBSVM
   * source set them), when present, and then a vector of another size is an invalid row;
   * otherwise the size every non-null vector has, found in a pass over the rows, so that no row
   * order can make the first vector decide it and the others look wrong.
   */
  private static int numFeatures(StructField field, Dataset<Row> selected, InputSpec spec) {
    int fromMetadata = AttributeGroup.fromStructField(field).size();
    if (fromMetadata >= 0) {
      return fromMetadata;
    }
    // One job, no shuffle: each partition reports its row count and, per size, {rows, position
    // of its first row}; the driver turns positions into indices in the DataFrame's order.
    List<Tuple2<Long, Map<Integer, long[]>>> partitions = selected.select(col(spec.featuresCol()))
        .toJavaRDD().mapPartitions(it -> {
          long position = 0;
          Map<Integer, long[]> bySize = new TreeMap<>();
          for (; it.hasNext(); position++) {
            Row row = it.next();
            if (!row.isNullAt(0)) {
              long at = position;
              int size = ((Vector) row.get(0)).size();
              bySize.computeIfAbsent(size, unused -> new long[] {0, at})[0]++;
            }
          }
          return List.of(new Tuple2<>(position, bySize)).iterator();
        }).collect();
    Map<Integer, long[]> sizes = new TreeMap<>();
    long before = 0;
    for (Tuple2<Long, Map<Integer, long[]>> partition : partitions) {
      long offset = before;
      partition._2().forEach((size, rows) -> sizes.merge(size,
          new long[] {rows[0], offset + rows[1]}, (a, b) -> new long[] {a[0] + b[0], a[1]}));
      before += partition._1();
    }
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException(selected.isEmpty()
          ? "the DataFrame has no rows to train on"
          : "features column '" + spec.featuresCol() + "' is null in every row");
    }
    if (sizes.size() > 1) {
      StringBuilder found = new StringBuilder();
      sizes.forEach((size, rows) -> found.append(found.length() == 0 ? "" : "; ").append("size ")
          .append(size).append(": ").append(rows[0]).append(rows[0] == 1 ? " row" : " rows")
          .append(", the first at row ").append(rows[1]));
      throw new IllegalArgumentException("features column '" + spec.featuresCol() + "' has"
          + " vectors of " + sizes.size() + " sizes (" + found + ") and no ML attributes"
          + " declaring its size: make every vector the same size, or declare it (as"
          + " VectorAssembler does) so that the others count as invalid rows");
    }
    return sizes.keySet().iterator().next();
  }

  /**
   * Standardization needs each feature's mean and variance; values beyond about 1e154 overflow
   * the variance, which would otherwise turn into a zero scale and silently drop the feature.
   */
  private static void requireFiniteStatistics(double[] std, InputSummary summary,
      InputSpec spec) {
    double[] mean = summary.mean();
    for (int j = 0; j < std.length; j++) {
      if (!Double.isFinite(std[j]) || !Double.isFinite(mean[j])) {
        throw new IllegalArgumentException("features column '" + spec.featuresCol()
            + "' has values too large to standardize at index " + j + " (largest magnitude "
            + summary.maxAbs(j) + "): their variance overflows a double; rescale that feature"
            + " or set standardization=false");
      }
    }
  }

  /** Per partition, the row count of each block, from {partition, index, rows, ...} rows. */
  private static int[][] blockRows(List<int[]> layout, int numPartitions) {
    List<List<Integer>> byPartition = new ArrayList<>();
    for (int p = 0; p < numPartitions; p++) {
      byPartition.add(new ArrayList<>());
    }
    for (int[] block : layout) {
      List<Integer> partition = byPartition.get(block[0]);
      while (partition.size() <= block[1]) {
        partition.add(0);
      }
      partition.set(block[1], block[2]);
    }
    return byPartition.stream()
        .map(list -> list.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }

  /**
   * Runs a Spark action, turning a task's {@link InvalidRowException} back into an
   * {@link IllegalArgumentException} on the driver so the user sees the row's problem first.
   */
  public static <T> T unwrapInvalidRow(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // Scala code throws SparkException, a checked exception, unchecked
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InvalidRowException invalid) {
          throw new IllegalArgumentException(invalid.getMessage(), e);
        }
      }
      throw TrainingData.<RuntimeException>rethrow(e);
    }
  }

  /** Rethrows {@code e} unchanged, checked or not, as Scala does. */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception e) throws E {
    throw (E) e;
  }

  public JavaRDD<RowBlock> blocks() {
    return blocks;
  }

  /** Per partition, the number of rows in each of its blocks. */
  public int[][] blockRows() {
    return blockRows;
  }

  public long numRows() {
    return numRows;
  }

  /** Rows dropped by {@code handleInvalid=skip}. */
  public long numSkipped() {
    return numSkipped;
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** Weighted standard deviation of each feature, or null without standardization. */
  public double[] trainingStd() {
    return trainingStd;
  }

  /** Weighted standard deviation of each feature, with or without standardization. */
  public double[] inputStd() {
    return inputStd;
  }

  /**
   * The mean of each feature as training sees it: divided by its standard deviation under
   * standardization (0 for a constant feature, which training sees as 0).
   */
  public double[] trainingMean() {
    double[] mean = featureMean.clone();
    if (trainingStd != null) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] = trainingStd[j] > 0 ? mean[j] / trainingStd[j] : 0.0;
      }
    }
    return mean;
  }

  public double maxLabel() {
    return maxLabel;
  }

  /**
   * What training multiplies each cached feature by: 1 / standard deviation under
   * standardization, 0 for a constant feature (which then carries no weight, as in MLlib); null
   * without standardization.
   */
  public double[] featureScale() {
    if (trainingStd == null) {
      return null;
    }
    double[] scale = new double[trainingStd.length];
    for (int j = 0; j < scale.length; j++) {
      scale[j] = trainingStd[j] > 0 ? 1.0 / trainingStd[j] : 0.0;
    }
    return scale;
  }

  /** What identifies these rows, for a checkpoint to compare on resume. */
  public DataDigest digest() {
    return digest;
  }

  /** Whether any block holds its rows in compressed sparse row form. */
  public boolean isSparse() {
    return sparse;
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }
}
