package dev.descent.spark.ml.training;

import dev.descent.spark.ml.training.EpochReport;
import dev.descent.spark.ml.training.StopReason;
import dev.descent.spark.ml.util.Charts;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How a fit went, epoch by epoch: the objective (entry 0 at the initial parameters, entry e after
 * epoch e, each computed exactly over all training rows), the validation objective and metric when
 * validation rows were set aside, the learning rate, wall time and throughput of each epoch, the
 * norms of each layer's parameters and gradient, the counts of epochs, steps and rows, and why it
 * stopped. Kept on the model after {@code fit}; not
 * saved with it, as in Spark MLlib.
 */
public final class TrainingSummary implements Serializable {

  private final List<EpochReport> epochs;
  private final long totalSteps;
  private final StopReason stopReason;
  private final String stopMessage;
  private final int bestEpoch;
  private final long numRows;
  private final long numValidationRows;
  private final long numSkipped;
  private final List<TrainingSummary> restarts;

  /**
   * @param epochs the figures of epoch 0 (initial parameters) to the last one run
   * @param bestEpoch the epoch whose parameters the model has
   */
  public TrainingSummary(List<EpochReport> epochs, long totalSteps, StopReason stopReason,
      String stopMessage, int bestEpoch, long numRows, long numValidationRows, long numSkipped) {
    if (epochs.isEmpty() || epochs.get(0).epoch() != 0) {
      throw new IllegalArgumentException("the epochs must start with epoch 0");
    }
    this.epochs = List.copyOf(epochs);
    this.totalSteps = totalSteps;
    this.stopReason = stopReason;
    this.stopMessage = stopMessage;
    this.bestEpoch = bestEpoch;
    this.numRows = numRows;
    this.numValidationRows = numValidationRows;
    this.numSkipped = numSkipped;
    this.restarts = List.of();
  }

  private TrainingSummary(TrainingSummary kept, List<TrainingSummary> restarts) {
    this.epochs = kept.epochs;
    this.totalSteps = kept.totalSteps;
    this.stopReason = kept.stopReason;
    this.stopMessage = kept.stopMessage;
    this.bestEpoch = kept.bestEpoch;
    this.numRows = kept.numRows;
    this.numValidationRows = kept.numValidationRows;
    this.numSkipped = kept.numSkipped;
    this.restarts = List.copyOf(restarts);
  }

  /** This summary (of the run kept) with the summaries of every restart, in seed order. */
  public TrainingSummary withRestarts(List<TrainingSummary> runs) {
    return new TrainingSummary(this, runs);
  }

  /**
   * The summaries of every run of a fit with {@code numRestarts > 1} (seeds seed, seed + 1, ...),
   * the kept one among them (the best validation metric at its {@code bestEpoch} with validation
   * rows, else the lowest training objective); empty for a single run.
   */
  public List<TrainingSummary> restarts() {
    return restarts;
  }

  /** The figures of every epoch, from epoch 0 (the initial parameters). */
  public List<EpochReport> epochReports() {
    return epochs;
  }

  /**
   * The training objective (mean loss plus penalty) over all training rows: entry 0 at the
   * initial parameters, entry e at the parameters after epoch e; {@code totalEpochs() + 1}
   * entries. With {@code epochObjective=running} and mini-batches, entry e is instead the
   * weighted mean of epoch e's mini-batch objectives and entry 0 an estimate from one mini-batch
   * (see {@link EpochReport}).
   */
  public double[] objectiveHistory() {
    return column(epochs, EpochReport::objective);
  }

  /**
   * The same objective over the validation rows, like {@link #objectiveHistory()}; empty without.
   */
  public double[] validationObjectiveHistory() {
    return hasValidation() ? column(epochs, EpochReport::validationObjective) : new double[0];
  }

  /** The validation metric after each epoch (entry 0 at the initial parameters); empty without. */
  public double[] validationMetricHistory() {
    return hasValidation() ? column(epochs, EpochReport::validationMetric) : new double[0];
  }

  /** The {@code validationMetric} recorded, or null without validation rows. */
  public String validationMetricName() {
    return epochs.get(0).validationMetricName();
  }

  public boolean hasValidation() {
    return validationMetricName() != null;
  }

  /**
   * The learning rate of each epoch (entry e - 1 for epoch e), as the {@code lrSchedule} and
   * warmup gave it: every step of that epoch used it.
   */
  public double[] learningRateHistory() {
    return column(epochs.subList(1, epochs.size()), EpochReport::learningRate);
  }

  /** Wall time of each epoch in seconds (entry e - 1 for epoch e), its evaluations included. */
  public double[] epochSeconds() {
    return column(epochs.subList(1, epochs.size()), EpochReport::seconds);
  }

  /** Training rows per second of each epoch (entry e - 1 for epoch e). */
  public double[] rowsPerSecond() {
    return column(epochs.subList(1, epochs.size()), EpochReport::rowsPerSecond);
  }

  /**
   * The L2 norm of each layer's parameters (weights and biases; a linear model is one layer):
   * entry [e][l] after epoch e (0: the initial parameters) for layer l (0: the first), in the
   * training space (see {@link EpochReport}). Watch it with {@link #layerGradientNorms()} for
   * vanishing or exploding gradients.
   */
  public double[][] layerParameterNorms() {
    return epochs.stream().map(EpochReport::layerParameterNorms).toArray(double[][]::new);
  }

  /**
   * The L2 norm of each layer's part of the gradient of the mean training loss (penalty left out)
   * over all training rows: entry [e][l] at the parameters after epoch e, as
   * {@link #layerParameterNorms()}; with {@code epochObjective=running}, of the mean of the
   * epoch's mini-batch gradients, NaN under model averaging (see {@link EpochReport}). Norms
   * that shrink layer by layer towards the input mean vanishing gradients; norms that grow by
   * orders of magnitude, exploding ones.
   */
  public double[][] layerGradientNorms() {
    return epochs.stream().map(EpochReport::layerGradientNorms).toArray(double[][]::new);
  }

  /** Epochs run (not counting a diverged one, whose figures are not recorded). */
  public int totalEpochs() {
    return epochs.size() - 1;
  }

  /** Optimizer steps taken over all epochs. */
  public long totalSteps() {
    return totalSteps;
  }

  public StopReason stopReason() {
    return stopReason;
  }

  /** Why training stopped, in a sentence; for a divergence, where and with what learning rate. */
  public String stopMessage() {
    return stopMessage;
  }

  /**
   * The epoch whose parameters the model has: the last one, the best one after early stopping,
   * the last that ended normally after a divergence.
   */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** Rows trained on (validation rows excluded). */
  public long numRows() {
    return numRows;
  }

  /** Rows set aside for validation by {@code validationIndicatorCol}; 0 without. */
  public long numValidationRows() {
    return numValidationRows;
  }

  /** Invalid rows dropped under {@code handleInvalid=skip}, training and validation rows alike. */
  public long numSkipped() {
    return numSkipped;
  }

  /**
   * Writes the training curves as a PNG of {@code width} x {@code height} pixels: the training
   * (and validation) objective by epoch, the validation metric when it is not the objective, the
   * learning rate when it changed (a constant one is in the title), and the parameter and
   * gradient norms, on log scales when they span orders of magnitude: one line per layer of a
   * network, the same colour in both panels.
   */
  public void writeTrainingCurves(String path, int width, int height) {
    double[] all = column(epochs, r -> r.epoch());
    double[] trained = column(epochs.subList(1, epochs.size()), r -> r.epoch());
    List<Charts.Series> objective = new ArrayList<>();
    objective.add(new Charts.Series("training", all, objectiveHistory()));
    if (hasValidation()) {
      objective.add(new Charts.Series("validation", all, validationObjectiveHistory()));
    }
    List<Charts.Panel> panels = new ArrayList<>();
    panels.add(new Charts.Panel("objective", Charts.Scale.LINEAR, objective));
    if (hasValidation() && !"objective".equals(validationMetricName())) {
      panels.add(new Charts.Panel(validationMetricName(), Charts.Scale.LINEAR,
          List.of(new Charts.Series("validation " + validationMetricName(), all,
              validationMetricHistory()))));
    }
    double[] rates = learningRateHistory();
    boolean constantRate = Arrays.stream(rates).distinct().count() <= 1;
    if (!constantRate) {
      panels.add(new Charts.Panel("learning rate", Charts.Scale.FROM_ZERO,
          List.of(new Charts.Series("learning rate", trained, rates))));
    }
    panels.add(new Charts.Panel("parameter norm", Charts.Scale.LOG,
        byLayer(all, layerParameterNorms())));
    panels.add(new Charts.Panel("gradient norm", Charts.Scale.LOG,
        byLayer(all, layerGradientNorms())));
    String title = "training curves (stopped: " + stopReason
        + (constantRate && rates.length > 0 ? ", learning rate " + rates[0] : "") + ")";
    Charts.writePng(path, title, "epoch", Charts.Scale.WHOLE_NUMBERS, panels, width, height);
  }

  /** {@link #writeTrainingCurves(String, int, int)} at 800 x 900 pixels. */
  public void writeTrainingCurves(String path) {
    writeTrainingCurves(path, 800, 900);
  }

  /**
   * One series per layer of norms[epoch][layer], named "layer 1", ..., or "all parameters" when
   * the model is one layer (a linear model).
   */
  private static List<Charts.Series> byLayer(double[] epochs, double[][] norms) {
    List<Charts.Series> series = new ArrayList<>();
    for (int l = 0; l < norms[0].length; l++) {
      int layer = l;
      series.add(new Charts.Series(norms[0].length == 1 ? "all parameters" : "layer " + (l + 1),
          epochs, Arrays.stream(norms).mapToDouble(row -> row[layer]).toArray()));
    }
    return series;
  }

  private static double[] column(List<EpochReport> reports, ToDoubleFunction<EpochReport> f) {
    return reports.stream().mapToDouble(f).toArray();
  }
}
