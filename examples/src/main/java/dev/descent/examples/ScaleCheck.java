package dev.descent.examples;

import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDInfo;

/**
 * Trains on more dense rows than the heap holds, to check that training runs from Spark's
 * MEMORY_AND_DISK cache without an OutOfMemoryError, and measures the driver JVM's heap (in
 * {@code local[2]} the executors share it). Run through {@code examples/scripts/scale-check.sh}:
 *
 * <pre>
 *   ScaleCheck generate ROWS FEATURES DIR   writes seeded synthetic rows to Parquet
 *   ScaleCheck fit DIR EPOCHS BATCH_SIZE    fits a LinearClassifier on them and reports
 * </pre>
 *
 * The report gives the -Xmx, the largest heap use seen by sampling every 100 ms, the sum of the
 * heap pools' peaks (an upper bound: pools peak at different times), and the most bytes the
 * training cache held in memory and on disk.
 */
public final class ScaleCheck {

  private static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("features", SQLDataTypes.VectorType());

  private ScaleCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || !List.of("generate", "fit").contains(args[0])) {
      throw new IllegalArgumentException(
          "usage: ScaleCheck generate ROWS FEATURES DIR | fit DIR EPOCHS BATCH_SIZE");
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("scale-check")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      if (args[0].equals("generate")) {
        generate(spark, Long.parseLong(args[1]), Integer.parseInt(args[2]), args[3]);
      } else {
        fit(spark, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      }
    } finally {
      spark.stop();
    }
  }

  /** Rows x . w + noise > 0 with Gaussian features, 64 partitions, seeded per partition. */
  static void generate(SparkSession spark, long rows, int features, String dir) {
    int partitions = 64;
    List<Integer> indices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      indices.add(p);
    }
    JavaRDD<Row> data = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(indices, partitions)
        .flatMap(p -> rowsOf(p, rows / partitions + (p < rows % partitions ? 1 : 0), features));
    spark.createDataFrame(data, SCHEMA).write().mode("overwrite").parquet(dir);
    System.out.printf("scale check: wrote %d rows x %d features to %s%n", rows, features, dir);
  }

  private static Iterator<Row> rowsOf(int partition, long count, int features) {
    SplittableRandom random = new SplittableRandom(1000L + partition);
    return new Iterator<>() {
      private long made;

      @Override
      public boolean hasNext() {
        return made < count;
      }

      @Override
      public Row next() {
        made++;
        double[] x = new double[features];
        double margin = random.nextGaussian();
        for (int j = 0; j < features; j++) {
          x[j] = random.nextGaussian();
          margin += x[j] / (j + 1);
        }
        return RowFactory.create(margin > 0 ? 1.0 : 0.0, Vectors.dense(x));
      }
    };
  }

  static void fit(SparkSession spark, String dir, int epochs, int batchSize) throws Exception {
    AtomicLong peakUsed = new AtomicLong();
    AtomicLong peakCacheMemory = new AtomicLong();
    AtomicLong peakCacheDisk = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peakUsed.accumulateAndGet(
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
          peakCacheMemory.accumulateAndGet(info.memSize(), Math::max);
          peakCacheDisk.accumulateAndGet(info.diskSize(), Math::max);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long started = System.nanoTime();
    LinearClassificationModel model = new LinearClassifier().setMaxIter(epochs).setTol(0)
        .setBatchSize(batchSize).fit(spark.read().parquet(dir));
    double seconds = (System.nanoTime() - started) / 1e9;
    sampler.interrupt();
    sampler.join();
    long poolPeaks = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        poolPeaks += pool.getPeakUsage().getUsed();
      }
    }
    double[] objectives = model.summary().objectiveHistory();
    System.out.printf("scale check: %d rows, %d features, %d epochs of batch %d in %.1f s%n",
        model.summary().numRows(), model.numFeatures(), model.summary().totalEpochs(), batchSize,
        seconds);
    System.out.printf("  objective %.6f -> %.6f%n", objectives[0],
        objectives[objectives.length - 1]);
    System.out.printf("  max heap (-Xmx)          %6d MiB%n",
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("  peak heap used (sampled) %6d MiB%n", peakUsed.get() >> 20);
    System.out.printf("  sum of heap pool peaks   %6d MiB%n", poolPeaks >> 20);
    System.out.printf("  training cache in memory %6d MiB (peak)%n", peakCacheMemory.get() >> 20);
    System.out.printf("  training cache on disk   %6d MiB (peak)%n", peakCacheDisk.get() >> 20);
  }
}
