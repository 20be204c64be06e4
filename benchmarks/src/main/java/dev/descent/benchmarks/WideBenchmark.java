package dev.descent.benchmarks;

import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Wide hashed data over many partitions, the workload where every partition sending a dense
 * gradient to the driver fails: 2^20 features, about 20 non-zeros a row, 16,000 rows, over 32, 64
 * and 200 partitions, in a JVM whose heap is the driver's (run it with {@code -Dbench.heap=1g}).
 * On the same cached DataFrame, MLlib's {@code LogisticRegression} (L-BFGS, aggregationDepth 2)
 * and Descent's {@code LinearClassifier} (full-batch Adam, aggregationDepth 2), each for a fixed
 * number of iterations. For each fit it prints the peak heap used (sampled every 5 ms; in local
 * mode the executors and the cache share that heap) and the peak of what the heap held after
 * collections, the bytes the driver received per job (Spark's task result sizes), and the median
 * job time, which is MLlib's time per objective evaluation and Descent's time per epoch.
 */
final class WideBenchmark {

  private static final int FEATURES = 1 << 20;
  private static final int NON_ZEROS = 20;
  private static final long ROWS = 16_000;
  private static final int ITERATIONS = 10;
  private static final double REG_PARAM = 1e-4;
  private static final long SEED = 17;

  private final SparkSession spark;
  private final List<String> lines = new ArrayList<>();

  WideBenchmark(SparkSession spark) {
    this.spark = spark;
  }

  void run(int[] partitionCounts) {
    lines.add(String.format(Locale.ROOT, "%-10s %-38s %12s %12s %14s %12s %10s %10s",
        "partitions", "method", "heap peak", "after GC", "driver B/job", "median job",
        "iterations", "objective"));
    for (int partitions : partitionCounts) {
      Dataset<Row> df = SyntheticData.hashed(spark, ROWS, FEATURES, NON_ZEROS, partitions, SEED)
          .persist(StorageLevel.MEMORY_AND_DISK());
      System.out.println("== wide: " + ROWS + " rows x " + FEATURES + " features, "
          + df.count() + " rows cached in " + df.rdd().getNumPartitions() + " partitions");
      measure(partitions, "mllib LogisticRegression l-bfgs depth 2", () -> {
        LogisticRegressionModel model = new LogisticRegression().setRegParam(REG_PARAM)
            .setMaxIter(ITERATIONS).setTol(0).setAggregationDepth(2).fit(df);
        double[] history = model.summary().objectiveHistory();
        return new Fit(history.length - 1, history[history.length - 1]);
      });
      measure(partitions, "descent adam full batch depth 2", () -> {
        LinearClassificationModel model = new LinearClassifier().setRegParam(REG_PARAM)
            .setOptimizer("adam").setLearningRate(0.05).setBatchSize((int) ROWS)
            .setMaxIter(ITERATIONS).setTol(0).setAggregationDepth(2).fit(df);
        double[] history = model.summary().objectiveHistory();
        return new Fit(history.length - 1, history[history.length - 1]);
      });
      df.unpersist(true);
    }
    System.out.println();
    lines.forEach(System.out::println);
  }

  /** A fit's iterations (or epochs) and final objective. */
  private record Fit(int iterations, double objective) {}

  private void measure(int partitions, String method, Supplier<Fit> fit) {
    JobSizes jobs = new JobSizes();
    spark.sparkContext().addSparkListener(jobs);
    HeapSampler heap = new HeapSampler();
    Fit result;
    try {
      result = fit.get();
    } finally {
      heap.stop();
      // Spark delivers listener events asynchronously: let the last tasks' arrive.
      try {
        spark.sparkContext().listenerBus().waitUntilEmpty();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("Spark's listener bus did not drain", e);
      }
      spark.sparkContext().removeSparkListener(jobs);
    }
    String line = String.format(Locale.ROOT,
        "%-10d %-38s %8.0f MiB %8.0f MiB %14s %9.1f ms %10d %10.6f", partitions, method,
        heap.peak() / 1048576.0, heap.peakAfterCollection() / 1048576.0,
        bytes(jobs.medianResultBytes()), jobs.medianMillis(), result.iterations(),
        result.objective());
    System.out.println(line);
    lines.add(line);
  }

  private static String bytes(long bytes) {
    return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
        : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
  }

  /**
   * Samples the heap in use every 5 ms from just after a full collection, and what the heap
   * pools held after their latest collection (live data, without the garbage the peak includes).
   */
  private static final class HeapSampler {

    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong peakAfterCollection = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    HeapSampler() {
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
      System.gc();
      thread = new Thread(() -> {
        while (running.get()) {
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          long live = 0;
          for (MemoryPoolMXBean pool : pools) {
            MemoryUsage usage = pool.getCollectionUsage();
            live += usage == null ? 0 : usage.getUsed();
          }
          peakAfterCollection.accumulateAndGet(live, Math::max);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() {
      running.set(false);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    long peak() {
      return peak.get();
    }

    long peakAfterCollection() {
      return peakAfterCollection.get();
    }
  }

  /** The bytes every job's tasks sent the driver as results, and the jobs' durations. */
  private static final class JobSizes extends SparkListener {

    private final Map<Integer, Integer> jobOfStage = new HashMap<>();
    private final Map<Integer, Long> resultBytes = new HashMap<>();
    private final Map<Integer, Long> started = new HashMap<>();
    private final List<Long> millis = new ArrayList<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
      for (scala.collection.Iterator<Object> stages = start.stageIds().iterator();
          stages.hasNext(); ) {
        jobOfStage.put((Integer) stages.next(), start.jobId());
      }
      resultBytes.put(start.jobId(), 0L);
      started.put(start.jobId(), start.time());
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
      Integer job = jobOfStage.get(end.stageId());
      if (job != null && end.taskMetrics() != null) {
        resultBytes.merge(job, end.taskMetrics().resultSize(), Long::sum);
      }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
      Long start = started.get(end.jobId());
      if (start != null) {
        millis.add(end.time() - start);
      }
    }

    private static long median(List<Long> values) {
      long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
      return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    synchronized long medianResultBytes() {
      return median(new ArrayList<>(resultBytes.values()));
    }

    synchronized double medianMillis() {
      return median(millis);
    }
  }

  static int[] partitionCounts(String option) {
    return Arrays.stream(option.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
