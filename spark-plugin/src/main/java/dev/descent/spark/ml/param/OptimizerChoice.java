package dev.descent.spark.ml.param;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code optimizer="auto"}, the default, runs. MLlib's linear and perceptron stages train by
 * full-batch L-BFGS, which reaches the optimum of a smooth objective in tens of passes, while a
 * first-order rule at a default learning rate is fast or converged only on some data. So
 * {@code auto} is {@code lbfgs} over every row (OWL-QN with an L1 penalty), with MLlib's history
 * of 10 pairs, unless a param asks for mini-batch training: {@code batchSize},
 * {@code learningRate} or {@code lrSchedule} set, {@code localSteps} above 1, gradient clipping,
 * or dropout. Then it is {@code adam}. The choice reads params only, so it is made before any row
 * is read and is the same on every run of a stage; only a driver that cannot hold lbfgs's history
 * for the data's width turns it to adam (see {@code fit.TrainingSetup#checkDriverMemory}).
 *
 * @param optimizer the registered optimizer the fit runs
 * @param reason why, for {@code auto}; empty for an optimizer named explicitly
 */
public record OptimizerChoice(String optimizer, String reason) {

  /** The value of the {@code optimizer} param that lets the stage choose. */
  public static final String AUTO = "auto";

  /**
   * The curvature pairs auto's lbfgs keeps: MLlib's 10 rather than PyTorch's 100, so that on
   * wide data its state on the driver is 22 parameter-sized vectors, not 202.
   */
  static final int HISTORY_SIZE = 10;

  static final String FULL_BATCH = "lbfgs";
  /** What "auto" runs when a param asks for mini-batches. */
  public static final String MINI_BATCH = "adam";

  /** The choice of {@code stage}'s params. */
  static OptimizerChoice of(LearningRateParams stage) {
    String named = stage.getOptimizer();
    if (!named.equals(AUTO)) {
      return new OptimizerChoice(named, "");
    }
    List<String> miniBatch = new ArrayList<>();
    for (var param : List.of(stage.batchSize(), stage.learningRate(), stage.lrSchedule(),
        stage.clipGradNorm(), stage.clipGradValue())) {
      if (stage.isSet(param)) {
        miniBatch.add(param.name());
      }
    }
    if (stage.getLocalSteps() > 1) {
      miniBatch.add("localSteps");
    }
    if (stage instanceof NetworkParams network && network.getDropout() > 0) {
      miniBatch.add("dropout");
    }
    return miniBatch.isEmpty()
        ? new OptimizerChoice(FULL_BATCH, "optimizer 'auto' runs lbfgs over every row: no param"
            + " asks for mini-batches (setting batchSize or learningRate chooses adam)")
        : new OptimizerChoice(MINI_BATCH, "optimizer 'auto' runs adam in mini-batches, as "
            + String.join(", ", miniBatch) + (miniBatch.size() == 1 ? " is" : " are") + " set");
  }
}
