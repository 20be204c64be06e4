package dev.descent.spark.ml.schedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyTorch's {@code ReduceLROnPlateau} in mode {@code min} with {@code threshold_mode='rel'},
 * stepped with the epoch objective. Unlike the other schedules it is not a function of the epoch
 * index: its state (the current learning rate, the best objective, the count of bad epochs and
 * the cooldown counter) is updated by {@link #observe} after each epoch, and
 * {@link #learningRate} returns the current learning rate whatever the epoch. After epoch
 * objective {@code f}:
 *
 * <pre>
 *   if f &lt; best * (1 - threshold): best = f, badEpochs = 0   else badEpochs += 1
 *   if cooldownCounter &gt; 0: cooldownCounter -= 1, badEpochs = 0
 *   if badEpochs &gt; patience:
 *     lr = max(lr * factor, minLr) (kept unchanged if that changes it by at most 1e-8)
 *     cooldownCounter = cooldown, badEpochs = 0
 * </pre>
 *
 * so the learning rate drops after {@code patience + 1} consecutive epochs that do not improve
 * the best objective by more than the relative {@code threshold}. {@code best} starts at +inf.
 */
public final class PlateauSchedule implements LearningRateSchedule {

  private static final double EPS = 1e-8;

  private final double factor;
  private final int patience;
  private final double threshold;
  private final int cooldown;
  private final double minLearningRate;

  private double learningRate;
  private double best = Double.POSITIVE_INFINITY;
  private int badEpochs;
  private int cooldownCounter;

  public PlateauSchedule(double baseLearningRate, double factor, int patience, double threshold,
      int cooldown, double minLearningRate) {
    this.learningRate = Check.positive("learningRate", baseLearningRate);
    this.factor = Check.fraction("plateauFactor", factor, false);
    this.patience = Check.atLeast("plateauPatience", patience, 0);
    this.threshold = Check.nonNegative("plateauThreshold", threshold);
    this.cooldown = Check.atLeast("plateauCooldown", cooldown, 0);
    this.minLearningRate = Check.nonNegative("minLearningRate", minLearningRate);
    Check.floorNotAbove("plateau", minLearningRate, baseLearningRate);
  }

  /** The current learning rate; {@code epoch} is ignored (the state holds the schedule). */
  @Override
  public double learningRate(int epoch) {
    return learningRate;
  }

  @Override
  public void observe(double objective) {
    if (objective < best * (1 - threshold)) {
      best = objective;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      badEpochs = 0;
    }
    if (badEpochs > patience) {
      double reduced = Math.max(learningRate * factor, minLearningRate);
      if (learningRate - reduced > EPS) {
        learningRate = reduced;
      }
      cooldownCounter = cooldown;
      badEpochs = 0;
    }
  }

  /** The current learning rate, the best objective, the bad epochs and the cooldown counter. */
  @Override
  public Map<String, Double> state() {
    Map<String, Double> state = new LinkedHashMap<>();
    state.put("learningRate", learningRate);
    state.put("best", best);
    state.put("badEpochs", (double) badEpochs);
    state.put("cooldownCounter", (double) cooldownCounter);
    return state;
  }

  @Override
  public void restoreState(Map<String, Double> state) {
    if (!state.keySet().equals(state().keySet())) {
      throw new IllegalArgumentException("a plateau schedule's state has " + state().keySet()
          + ", but the checkpoint has " + state.keySet());
    }
    learningRate = Check.positive("learningRate", state.get("learningRate"));
    best = state.get("best");
    badEpochs = Check.atLeast("badEpochs", state.get("badEpochs").intValue(), 0);
    cooldownCounter = Check.atLeast("cooldownCounter", state.get("cooldownCounter").intValue(), 0);
  }

  /** The best objective seen so far (+inf before any). */
  public double best() {
    return best;
  }

  /** Consecutive epochs without improvement, since the last improvement, reduction or cooldown. */
  public int badEpochs() {
    return badEpochs;
  }

  /** Epochs of cooldown left, during which bad epochs are not counted. */
  public int cooldownCounter() {
    return cooldownCounter;
  }
}
