package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.training.EpochReport;
import java.util.Locale;

/**
 * The one log line per epoch: epoch i/N, objective, validation metric, learning rate, rows/s and
 * the time left if every remaining epoch takes the mean time of those so far (an upper bound
 * when training stops early).
 */
final class ProgressLog {

  private final String label;
  private double secondsSoFar;

  ProgressLog(String label) {
    this.label = label;
  }

  String line(EpochReport r) {
    secondsSoFar += r.seconds();
    double eta = secondsSoFar / r.epoch() * (r.maxEpochs() - r.epoch());
    String validation = r.validationMetricName() == null ? ""
        : String.format(Locale.ROOT, ", validation %s %.6g", r.validationMetricName(),
            r.validationMetric());
    return String.format(Locale.ROOT, "%s epoch %d/%d: objective %.6g%s, lr %.4g, %d steps,"
            + " %.0f rows/s, ETA %.1f s", label, r.epoch(), r.maxEpochs(), r.objective(),
        validation, r.learningRate(), r.steps(), r.rowsPerSecond(), eta);
  }
}
