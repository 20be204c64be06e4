package dev.descent.spark.ml.optim;

import java.io.Serializable;
import java.util.OptionalDouble;

/**
 * Every optimizer hyperparameter a stage can set, read from its params. Each optimizer takes the
 * ones its {@link Optimizers} registration line lists; {@code epsilon}, {@code rho} and
 * {@code weightDecay} are optional because their PyTorch defaults differ between optimizers
 * (weight decay: 0.01 for adamw, 0 for every other).
 */
public record Hyperparameters(
    double momentum,
    double dampening,
    boolean nesterov,
    double beta1,
    double beta2,
    OptionalDouble epsilon,
    boolean amsgrad,
    OptionalDouble weightDecay,
    OptionalDouble rho,
    boolean centered,
    double initialAccumulatorValue,
    double lrDecay,
    double momentumDecay,
    double etaMinus,
    double etaPlus,
    double minStepSize,
    double maxStepSize,
    double asgdLambda,
    double asgdAlpha,
    double asgdT0,
    int historySize,
    String lineSearch,
    double toleranceGrad,
    double toleranceChange) implements Serializable {

  /** PyTorch's defaults for everything, but lbfgs's line search (see {@link Lbfgs}). */
  public static Hyperparameters defaults() {
    return new Hyperparameters(0.0, 0.0, false, 0.9, 0.999, OptionalDouble.empty(), false,
        OptionalDouble.empty(), OptionalDouble.empty(), false, 0.0, 0.0, 4e-3,
        0.5, 1.2, 1e-6, 50.0, 1e-4, 0.75, 1e6, 100, Lbfgs.STRONG_WOLFE, 1e-7, 1e-9);
  }

  double epsilonOr(double defaultValue) {
    return epsilon.orElse(defaultValue);
  }

  double rhoOr(double defaultValue) {
    return rho.orElse(defaultValue);
  }

  double weightDecayOr(double defaultValue) {
    return weightDecay.orElse(defaultValue);
  }
}
