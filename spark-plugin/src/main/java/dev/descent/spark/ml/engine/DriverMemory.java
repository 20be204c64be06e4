package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.util.TreeAggregation;
import java.util.Locale;
import java.util.function.IntPredicate;
import org.apache.spark.SparkConf;

/**
 * What a fit holds on the driver, checked before it reads its data so that a fit too large for
 * the driver fails at once with the param to change, rather than with an OutOfMemoryError or
 * Spark's {@code maxResultSize} error in the middle of training. With {@code n} parameters,
 * {@code s} optimizer slots, {@code R} partial results at the driver (see
 * {@link TreeAggregation#resultsAtDriver}) and {@code v} vectors in each ({@code 1}, or
 * {@code 1 + s} with model averaging), training holds at most
 *
 * <pre>
 *   8 * n * (LOOP_VECTORS + s + (R + 1) * v) bytes,
 * </pre>
 *
 * its partial results dense at worst (a sparse batch sends less), and every step sends the driver
 * at most {@code 8 * n * v * R} bytes. The feature statistics of the load pass are counted the
 * same way ({@link TrainingData#statisticsDriverBytes}). The heap available is what Spark's
 * unified memory manager leaves to user code: {@code (heap - 300 MiB) * (1 - spark.memory.fraction)}.
 */
public final class DriverMemory {

  /**
   * Parameter-sized vectors the loop holds besides the optimizer's slots and the partial
   * results: the parameters, the epoch's starting point, the copy shipped to the tasks, the summed
   * gradient, the mean gradient, the objective pass kept for the next step, early stopping's best
   * parameters and a checkpoint's copy.
   */
  static final int LOOP_VECTORS = 8;

  /** The heap Spark reserves for itself (its {@code RESERVED_SYSTEM_MEMORY_BYTES}). */
  private static final long RESERVED = 300L << 20;

  private static final int MAX_DEPTH_SUGGESTED = 8;
  /** The parameter-sized vectors adam keeps (its two moments). */
  private static final int ADAM_SLOTS = 2;

  private final int slots;
  private final int vectors;
  private final int depth;

  /**
   * The memory check of a fit with {@code optimizer}, {@code localSteps} and
   * {@code aggregationDepth}.
   */
  public DriverMemory(Optimizer optimizer, int localSteps, int aggregationDepth) {
    // Vectors of the parameters' size the optimizer keeps (historySize per lbfgs ring): what
    // its state grows by per parameter, leaving out the slots of a fixed size.
    this.slots = stateSize(optimizer, 2) - stateSize(optimizer, 1);
    this.vectors = localSteps > 1 ? 1 + slots : 1;
    this.depth = aggregationDepth;
  }

  private static int stateSize(Optimizer optimizer, int numParameters) {
    return optimizer.initialState(numParameters).slots().values().stream()
        .mapToInt(slot -> slot.length).sum();
  }

  /** The bytes one step's partial results take at most, for the driver's result limit. */
  static long resultBytes(long numParameters, int vectors, int partitions, int depth) {
    return TreeAggregation.resultsAtDriver(partitions, depth, Integer.MAX_VALUE)
        * (8L * numParameters * vectors + 64);
  }

  /** The driver bytes training holds at most (see the class comment). */
  static long trainingBytes(long numParameters, int slots, int vectors, int partitions,
      int depth) {
    int received = TreeAggregation.resultsAtDriver(partitions, depth, Integer.MAX_VALUE);
    return 8L * numParameters * (LOOP_VECTORS + slots + (received + 1L) * vectors);
  }

  /**
   * Why a fit of {@code numParameters} parameters on {@code numFeatures} features over
   * {@code partitions} partitions does not fit a driver of {@code conf} with a heap of
   * {@code heap} bytes, naming what to raise; null when it fits.
   */
  public String problem(SparkConf conf, long heap, long numParameters, int numFeatures,
      int partitions) {
    if (numParameters > Integer.MAX_VALUE - 8) {
      return "this fit has " + numParameters + " parameters (of " + numFeatures + " features),"
          + " more than one Java array holds: reduce the number of features or outputs";
    }
    int p = Math.max(1, partitions);
    long maxResult = conf.getSizeAsBytes("spark.driver.maxResultSize", "1g");
    long steps = resultBytes(numParameters, vectors, p, depth);
    if (maxResult > 0 && steps > maxResult) {
      return String.format(Locale.ROOT, "each step of this fit can"
              + " send the driver %s (%d partial result(s) of %d parameters%s from %d partitions"
              + " at aggregationDepth %d), more than spark.driver.maxResultSize (%s): %s or"
              + " raise spark.driver.maxResultSize", mib(steps),
          TreeAggregation.resultsAtDriver(p, depth, Integer.MAX_VALUE), numParameters,
          vectors > 1 ? " with " + (vectors - 1) + " optimizer slots" : "", p, depth,
          mib(maxResult), deeper(depth, d -> resultBytes(numParameters, vectors, p, d)
              <= maxResult, p));
    }
    double userFraction = 1.0 - conf.getDouble("spark.memory.fraction", 0.6);
    long available = (long) (Math.max(0L, heap - RESERVED) * userFraction);
    long training = trainingBytes(numParameters, slots, vectors, p, depth);
    long statistics = TrainingData.statisticsDriverBytes(numFeatures, p, depth);
    long needed = Math.max(training, statistics);
    if (needed > available) {
      return String.format(Locale.ROOT, "this fit needs about %s"
              + " of driver heap (%d parameters, %d optimizer slots, %d partitions at"
              + " aggregationDepth %d, %d features), more than the %s that a driver heap of %s"
              + " leaves to user code: raise spark.driver.memory, or %s", mib(needed),
          numParameters, slots, p, depth, numFeatures, mib(available), mib(heap),
          deeper(depth, d -> Math.max(trainingBytes(numParameters, slots, vectors, p, d),
              TrainingData.statisticsDriverBytes(numFeatures, p, d)) <= available, p))
          + lessState(slots, Math.max(trainingBytes(numParameters, ADAM_SLOTS, vectors, p, depth),
              statistics) <= available);
    }
    return null;
  }

  /** As {@link #problem}, thrown as an IllegalArgumentException. */
  void check(SparkConf conf, long heap, long numParameters, int numFeatures, int partitions) {
    String problem = problem(conf, heap, numParameters, numFeatures, partitions);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * The advice, for lbfgs's history, to use an optimizer of adam's state when that would fit.
   */
  private static String lessState(int slots, boolean fitsWithAdam) {
    return slots > ADAM_SLOTS && fitsWithAdam
        ? "; or, as lbfgs keeps 2 x historySize vectors, lower historySize or train with adam"
        : "";
  }

  /**
   * The advice to deepen the tree to the first depth at which the fit {@code fits}, else to
   * shrink the model.
   */
  private static String deeper(int depth, IntPredicate fits, int partitions) {
    for (int d = depth + 1; d <= MAX_DEPTH_SUGGESTED; d++) {
      if (fits.test(d)) {
        return "raise aggregationDepth to " + d + " (the driver then receives "
            + TreeAggregation.resultsAtDriver(partitions, d, Integer.MAX_VALUE) + " results)";
      }
    }
    return "reduce the number of features or outputs";
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
