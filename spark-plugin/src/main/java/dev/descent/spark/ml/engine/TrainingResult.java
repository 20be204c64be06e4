package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.training.EpochReport;
import dev.descent.spark.ml.training.StopReason;
import java.util.List;

/**
 * The outcome of a training run: the parameters of the returned model (in the training space,
 * i.e. standardized features), the figures of each epoch from epoch 0 (the initial parameters),
 * and how the run ended.
 *
 * @param bestEpoch the epoch whose parameters are returned: the last one, or with early stopping
 *     the best one, or after a divergence the last that ended normally
 * @param stopMessage a sentence on why the run stopped (for a divergence: where and how)
 */
public record TrainingResult(
    double[] parameters,
    List<EpochReport> epochs,
    long steps,
    StopReason stopReason,
    int bestEpoch,
    String stopMessage) {

  public TrainingResult {
    epochs = List.copyOf(epochs);
  }
}
