package dev.descent.spark.ml.optim;

import java.io.Serializable;
import java.util.OptionalDouble;

/**
 * Every optimizer hyperparameter a stage can set, read from its params. Each optimizer takes the
 * ones it uses; {@code epsilon} and {@code rho} are optional because their PyTorch defaults
 * differ between optimizers.
 */
public record Hyperparameters(
    double momentum,
    double dampening,
    boolean nesterov,
    double beta1,
    double beta2,
    OptionalDouble epsilon,
    boolean amsgrad,
    double weightDecay,
    OptionalDouble rho,
    boolean centered,
    double initialAccumulatorValue,
    double lrDecay,
    double momentumDecay) implements Serializable {

  /** PyTorch's defaults for everything. */
  public static Hyperparameters defaults() {
    return new Hyperparameters(0.0, 0.0, false, 0.9, 0.999, OptionalDouble.empty(), false, 0.01,
        OptionalDouble.empty(), false, 0.0, 0.0, 4e-3);
  }

  double epsilonOr(double defaultValue) {
    return epsilon.orElse(defaultValue);
  }

  double rhoOr(double defaultValue) {
    return rho.orElse(defaultValue);
  }
}
