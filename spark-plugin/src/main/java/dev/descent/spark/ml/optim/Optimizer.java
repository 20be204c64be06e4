package dev.descent.spark.ml.optim;

import java.io.Serializable;

/**
 * A first-order update rule in the style of {@code torch.optim}: the hyperparameters are fixed
 * and validated at construction, and everything that changes from step to step lives in an
 * explicit {@link OptimizerState}, so that training can be checkpointed and resumed.
 *
 * <p>Sign convention: {@code gradient} is the gradient of the objective to minimise, and the
 * update moves the parameters against it.
 */
public interface Optimizer extends Serializable {

  /** The name under which the optimizer is registered in {@link Optimizers}. */
  String name();

  /** A fresh state for {@code numParameters} parameters: step count 0 and zeroed slots. */
  OptimizerState initialState(int numParameters);

  /**
   * Advances {@code state}'s step count by one and updates {@code parameters} in place.
   *
   * @param parameters the parameters, updated in place
   * @param gradient the gradient at {@code parameters}; not modified
   * @param learningRate this step's learning rate, positive
   * @param state this optimizer's state, updated in place
   */
  void step(double[] parameters, double[] gradient, double learningRate, OptimizerState state);
}
