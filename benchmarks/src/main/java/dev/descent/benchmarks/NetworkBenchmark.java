package dev.descent.benchmarks;

import dev.descent.spark.ml.classification.MLPClassificationModel;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.loss.ClassificationLoss;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.nn.Activation;
import dev.descent.spark.ml.nn.Network;
import dev.descent.spark.ml.nn.NetworkShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Multilayer perceptrons: our {@link MLPClassifier} (Adam, mini-batches) against MLlib's
 * {@link MultilayerPerceptronClassifier} (L-BFGS, and full-batch gradient descent), with the same
 * hidden layers on the same cached training and test DataFrames.
 *
 * <p>Every configuration is fitted from scratch with a growing budget, each fit timed alone and
 * scored by test accuracy: accuracy against wall time. Fits are deterministic, so a fit with a
 * smaller budget is where a longer one had got to. MLlib's budgets are {@code maxIter} = 1/8, 1/4,
 * 1/2 and all of a largest {@code maxIter} (by default 100, MLlib's default); ours are epochs
 * 1, 2, 4, ... while the next fit is expected to take no longer than MLlib's longest fit, so that
 * every configuration has the same time budget. Budgets also stop growing when a fit stops
 * before its budget (MLlib's {@code tol}) or test accuracy has not improved for two doublings.
 * The target is MLlib's best test accuracy (both solvers, all budgets) less {@link #TOLERANCE};
 * each configuration's time to target is its fastest fit reaching it, the budget narrowed by
 * bisection. Before any timing, every configuration is fitted once on a sample of the data to
 * warm up the JIT.
 */
final class NetworkBenchmark {

  /** How far below MLlib's best test accuracy still counts as reaching it. */
  static final double TOLERANCE = 0.005;
  /** Bisection stops once the budget that reaches the target is within this factor of a miss. */
  private static final double RESOLUTION = 1.5;
  /** Doubling stops after this many doublings without a better test accuracy. */
  private static final int PLATEAU = 2;
  private static final int CHUNK_ROWS = 256;
  /** MLlib's solvers come first among the methods: l-bfgs and gd. */
  private static final int MLLIB_METHODS = 2;

  /** One fit: its budget (iterations or epochs), wall time, test accuracy and a remark. */
  record Point(int budget, double seconds, double accuracy, String detail) {}

  /** A configuration to fit with a budget. */
  record Method(String name, String unit, IntFunction<Point> fit) {}

  /**
   * One of our configurations: hidden-layer activation, Adam's learning rate, batch size,
   * scaling, and steps per synchronization (1: synchronous; more: model averaging).
   */
  record Ours(String activation, double learningRate, int batchSize, boolean standardize,
      int localSteps, String synchronization) {}

  /** The fits of one configuration, by budget. */
  record Curve(Method method, List<Point> points) {

    Point last() {
      return points.get(points.size() - 1);
    }

    Point best() {
      return points.stream().max(Comparator.comparingDouble(Point::accuracy)).orElseThrow();
    }

    /** The fastest fit reaching {@code target}, or null. */
    Point fastest(double target) {
      return points.stream().filter(p -> p.accuracy() >= target)
          .min(Comparator.comparingDouble(Point::seconds)).orElse(null);
    }
  }

  private static final String[] HEADER = {"dataset", "method", "time_to_target_s",
      "budget_at_target", "final_accuracy", "best_accuracy", "largest_fit_s", "vs_mllib",
      "notes"};

  private final long seed;
  private final int maxIter;
  private final MulticlassClassificationEvaluator accuracy =
      new MulticlassClassificationEvaluator().setMetricName("accuracy");
  private final List<String[]> rows = new ArrayList<>();

  /** @param maxIter MLlib's largest {@code maxIter}; its longest fit sets the time budget */
  NetworkBenchmark(long seed, int maxIter) {
    if (maxIter < 8) {
      throw new IllegalArgumentException("the largest maxIter must be at least 8, got " + maxIter);
    }
    this.seed = seed;
    this.maxIter = maxIter;
  }

  /**
   * Compares MLlib's two solvers and our configurations on one dataset; prints its table and
   * writes its chart to {@code chart}. The first of ours is profiled.
   *
   * @param hidden the hidden layers' sizes (MLlib's layers add the input and output sizes)
   * @param gdStepSize MLlib's step size for {@code gd}
   */
  void compare(String dataset, Dataset<Row> train, Dataset<Row> test, int[] hidden,
      double gdStepSize, List<Ours> ours, Path chart) throws IOException {
    int inputs = ((Vector) train.first().get(1)).size();
    int[] layers = new int[hidden.length + 2];
    layers[0] = inputs;
    System.arraycopy(hidden, 0, layers, 1, hidden.length);
    layers[layers.length - 1] = 2;
    List<Method> methods = methods(layers, gdStepSize, ours, train, test);
    long started = System.nanoTime();
    List<Method> warmUp = methods(layers, gdStepSize, ours, train.sample(0.1, seed), test);
    for (int i = 0; i < warmUp.size(); i++) {
      warmUp.get(i).fit().apply(i < MLLIB_METHODS ? maxIter / 8 : 1);
    }
    System.out.printf(Locale.ROOT, "  warm-up (each configuration once on a 10%% sample): %.1f"
        + " s%n", seconds(started));

    int mllibCount = MLLIB_METHODS;
    List<Curve> curves = new ArrayList<>();
    for (Method m : methods.subList(0, mllibCount)) {
      curves.add(explore(dataset, m, new int[] {maxIter >> 3, maxIter >> 2, maxIter >> 1, maxIter},
          Double.POSITIVE_INFINITY));
    }
    double timeBudget = curves.stream().flatMap(c -> c.points().stream())
        .mapToDouble(Point::seconds).max().orElseThrow();
    for (Method m : methods.subList(mllibCount, methods.size())) {
      curves.add(explore(dataset, m, IntStream.range(0, 20).map(k -> 1 << k).toArray(),
          timeBudget));
    }
    double target = curves.subList(0, mllibCount).stream()
        .mapToDouble(c -> c.best().accuracy()).max().orElseThrow() - TOLERANCE;
    for (int i = 0; i < curves.size(); i++) {
      curves.set(i, refine(dataset, curves.get(i), target));
    }
    double mllibTime = curves.subList(0, mllibCount).stream().map(c -> c.fastest(target))
        .filter(Objects::nonNull).mapToDouble(Point::seconds).min().orElseThrow();

    String profile = profile(train, hidden, ours.get(0));
    System.out.println("  " + profile);
    List<String[]> table = new ArrayList<>();
    for (Curve c : curves) {
      Point hit = c.fastest(target);
      double time = hit == null ? Double.POSITIVE_INFINITY : hit.seconds();
      Point last = c.last();
      String notes = "budgets " + budgets(c) + " " + c.method().unit()
          + (last.detail().isEmpty() ? "" : "; largest fit: " + last.detail())
          + (c == curves.get(mllibCount) ? "; " + profile : "");
      table.add(new String[] {dataset, c.method().name(), fmt("%.2f", time),
          hit == null ? "not reached" : hit.budget() + " " + c.method().unit(),
          fmt("%.4f", last.accuracy()), fmt("%.4f", c.best().accuracy()),
          fmt("%.2f", last.seconds()), fmt("%.2f", time / mllibTime), notes});
    }
    rows.addAll(table);
    System.out.printf(Locale.ROOT, "%n%s: target %.4f (MLlib's best test accuracy - %s); time"
        + " budget of one fit %.1f s (MLlib's longest)%n%s%n", dataset, target, TOLERANCE,
        timeBudget, markdown(table));
    writeChart(chart, dataset, curves, target);
  }

  /** MLlib's l-bfgs and gd, then ours, on {@code train}, scored on {@code test}. */
  private List<Method> methods(int[] layers, double gdStepSize, List<Ours> ours,
      Dataset<Row> train, Dataset<Row> test) {
    int[] hidden = Arrays.copyOfRange(layers, 1, layers.length - 1);
    List<Method> methods = new ArrayList<>(List.of(mllib("l-bfgs", layers, gdStepSize, train,
        test), mllib("gd", layers, gdStepSize, train, test)));
    ours.forEach(o -> methods.add(ours(hidden, o, train, test)));
    return methods;
  }

  /** MLlib's classifier with {@code layers} (input and output sizes included) and a solver. */
  private Method mllib(String solver, int[] layers, double stepSize, Dataset<Row> train,
      Dataset<Row> test) {
    String name = "mllib MLP " + solver + (solver.equals("gd") ? " stepSize=" + stepSize : "");
    return new Method(name, "iterations", maxIter -> {
      MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
          .setLayers(layers).setSolver(solver).setStepSize(stepSize).setMaxIter(maxIter)
          .setSeed(seed);
      long t = System.nanoTime();
      MultilayerPerceptronClassificationModel model = mlp.fit(train);
      double seconds = seconds(t);
      int iterations = model.summary().totalIterations();
      return new Point(maxIter, seconds, accuracy.evaluate(model.transform(test)),
          iterations < maxIter ? "stopped after " + iterations + " iterations (tol 1e-6)" : "");
    });
  }

  private Method ours(int[] hidden, Ours ours, Dataset<Row> train, Dataset<Row> test) {
    String name = String.format(Locale.ROOT, "descent MLP %s adam lr=%s b=%d%s%s, %s",
        ours.activation(), ours.learningRate(), ours.batchSize(),
        ours.localSteps() == 1 ? "" : " L=" + ours.localSteps(),
        ours.standardize() ? "" : " unscaled",
        ours.localSteps() > 1 ? "averaged" : ours.synchronization().equals("barrier")
            ? "barrier stage" : "job per step");
    return new Method(name, "epochs", epochs -> {
      MLPClassifier mlp = new MLPClassifier().setHiddenLayers(hidden)
          .setActivation(ours.activation()).setOptimizer("adam")
          .setLearningRate(ours.learningRate()).setBatchSize(ours.batchSize())
          .setStandardization(ours.standardize()).setLocalSteps(ours.localSteps())
          .setSynchronization(ours.synchronization()).setTol(0.0)
          .setMaxIter(epochs).setSeed(seed);
      long t = System.nanoTime();
      MLPClassificationModel model = mlp.fit(train);
      double seconds = seconds(t);
      double[] epochSeconds = model.summary().epochSeconds();
      long steps = model.summary().totalSteps();
      return new Point(epochs, seconds, accuracy.evaluate(model.transform(test)),
          String.format(Locale.ROOT, "%d steps, %.0f ms per step (median epoch over its steps,"
              + " with the epoch's objective pass)", steps,
              1e3 * median(epochSeconds) * epochs / steps));
    });
  }

  /**
   * Fits the doubling {@code budgets} in turn while the next fit is expected to take at most
   * {@code seconds}, each fit ran its whole budget and accuracy still improves.
   */
  private Curve explore(String dataset, Method method, int[] budgets, double seconds) {
    List<Point> points = new ArrayList<>();
    int sinceBest = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (int budget : budgets) {
      Point p = fit(dataset, method, budget);
      points.add(p);
      sinceBest = p.accuracy() > best ? 0 : sinceBest + 1;
      best = Math.max(best, p.accuracy());
      if (p.detail().startsWith("stopped") || 2 * p.seconds() > seconds
          || sinceBest >= PLATEAU) {
        break;
      }
    }
    return new Curve(method, points);
  }

  /**
   * Narrows the budget reaching {@code target} by bisection (geometric) between the largest
   * budget that missed it and the smallest that reached it; the new fits join the curve.
   */
  private Curve refine(String dataset, Curve curve, double target) {
    TreeMap<Integer, Point> points = new TreeMap<>();
    curve.points().forEach(p -> points.put(p.budget(), p));
    Point hit = points.values().stream().filter(p -> p.accuracy() >= target).findFirst()
        .orElse(null);
    if (hit == null) {
      return curve;
    }
    int reached = hit.budget();
    Integer below = points.lowerKey(reached);
    int miss = below == null ? 0 : below;
    while (reached > RESOLUTION * miss && reached - miss > 1) {
      int middle = miss == 0 ? reached / 2 : (int) Math.round(Math.sqrt((double) miss * reached));
      middle = Math.max(miss + 1, Math.min(reached - 1, middle));
      Point p = fit(dataset, curve.method(), middle);
      points.put(middle, p);
      if (p.accuracy() >= target) {
        reached = middle;
      } else {
        miss = middle;
      }
    }
    return new Curve(curve.method(), new ArrayList<>(points.values()));
  }

  private static Point fit(String dataset, Method method, int budget) {
    Point p = method.fit().apply(budget);
    System.out.printf(Locale.ROOT, "  %s | %s | %d %s | %.2f s | test accuracy %.4f%s%n",
        dataset, method.name(), budget, method.unit(), p.seconds(), p.accuracy(),
        p.detail().isEmpty() ? "" : " | " + p.detail());
    return p;
  }

  /**
   * Where our step's time goes: the wall time per step of the largest fit, against an empty Spark
   * job over the same partitions and the step's forward and backward passes alone (one thread,
   * no Spark, after a warm-up; {@code batchSize} rows in chunks of 256 as the engine runs them).
   */
  private String profile(Dataset<Row> train, int[] hidden, Ours ours) {
    List<Double> empty = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long t = System.nanoTime();
      train.toJavaRDD().mapPartitions(it -> Collections.singletonList(0).iterator()).collect();
      empty.add(seconds(t) * 1e3);
    }
    List<Row> batch = train.limit(ours.batchSize()).collectAsList();
    int inputs = ((Vector) batch.get(0).get(1)).size();
    ClassificationLoss loss = Losses.classification("log", 2);
    int[] layers = new int[hidden.length + 2];
    layers[0] = inputs;
    System.arraycopy(hidden, 0, layers, 1, hidden.length);
    layers[layers.length - 1] = loss.numOutputs();
    Network network = new Network(new NetworkShape(layers), Activation.named(ours.activation()));
    double[] params = network.initialParameters(seed);
    double[] gradient = new double[params.length];
    List<double[]> chunks = new ArrayList<>();
    List<double[]> labels = new ArrayList<>();
    for (int from = 0; from < batch.size(); from += CHUNK_ROWS) {
      int n = Math.min(batch.size(), from + CHUNK_ROWS) - from;
      double[] x = new double[inputs * n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        Row row = batch.get(from + i);
        System.arraycopy(((Vector) row.get(1)).toArray(), 0, x, i * inputs, inputs);
        y[i] = row.getDouble(0);
      }
      chunks.add(x);
      labels.add(y);
    }
    List<Double> compute = new ArrayList<>();
    for (int rep = 0; rep < 200; rep++) {
      long t = System.nanoTime();
      for (int c = 0; c < chunks.size(); c++) {
        double[] y = labels.get(c);
        double[] weights = new double[y.length];
        Arrays.fill(weights, 1.0);
        network.lossAndGradient(params, chunks.get(c), y.length, y, weights, loss, null,
            gradient);
      }
      compute.add(seconds(t) * 1e3);
    }
    List<Double> measured = compute.subList(100, compute.size());
    return String.format(Locale.ROOT, "profile: an empty Spark job over the %d partitions"
            + " %.0f ms (median of 20); forward and backward passes of one %d-row step alone,"
            + " 1 thread, no Spark: %.1f ms (median)", train.rdd().getNumPartitions(),
        median(empty), batch.size(), median(measured));
  }

  /** Test accuracy against seconds, one line per configuration, and the target. */
  private static void writeChart(Path file, String dataset, List<Curve> curves, double target)
      throws IOException {
    List<BenchmarkCharts.Line> lines = new ArrayList<>();
    double best = target;
    for (Curve c : curves) {
      lines.add(new BenchmarkCharts.Line(c.method().name(),
          c.points().stream().mapToDouble(Point::seconds).toArray(),
          c.points().stream().mapToDouble(Point::accuracy).toArray()));
      best = Math.max(best, c.best().accuracy());
    }
    BenchmarkCharts.curves(file, dataset + ": test accuracy against the wall time of a fit"
            + " (one point per fit, by budget)", "seconds", "test accuracy", lines, target,
        String.format(Locale.ROOT, "target %.4f", target), target - 0.03, best + 0.005);
  }

  /** Every dataset's rows as CSV. */
  void writeCsv(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", HEADER));
    for (String[] row : rows) {
      String[] cells = row.clone();
      for (int i = 0; i < cells.length; i++) {
        cells[i] = cells[i].contains(",") || cells[i].contains("\"")
            ? '"' + cells[i].replace("\"", "\"\"") + '"' : cells[i];
      }
      lines.add(String.join(",", cells));
    }
    Files.write(file, lines);
  }

  private static String markdown(List<String[]> table) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", HEADER)).append(" |\n|");
    out.append("---|".repeat(HEADER.length)).append('\n');
    for (String[] row : table) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  private static String budgets(Curve c) {
    StringBuilder out = new StringBuilder();
    for (Point p : c.points()) {
      out.append(out.length() == 0 ? "" : " ").append(p.budget());
    }
    return out.toString();
  }

  private static String fmt(String format, double value) {
    return Double.isInfinite(value) ? "not reached" : String.format(Locale.ROOT, format, value);
  }

  private static double median(double[] values) {
    return median(Arrays.stream(values).boxed().toList());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
