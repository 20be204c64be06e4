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

  /**
   * Each coordinate's step per unit of gradient in the update {@link #step} just made at
   * {@code learningRate}, read from {@code state}: {@code steps[i]} is s_i such that, once the
   * optimizer's averages have settled on a constant gradient g, the update moves parameter i by
   * -s_i * g_i. The L1 penalty's proximal step soft-thresholds coordinate i by
   * s_i * regParam * elasticNetParam, which makes the fixed points of the update exactly the
   * elastic-net optima (the KKT conditions: g_i = -l1 * sign(theta_i) where theta_i is not 0,
   * |g_i| &lt;= l1 where it is), as scaled proximal gradient methods do (Duchi, Hazan and Singer,
   * "Adaptive Subgradient Methods", JMLR 2011, section 3 on composite mirror descent; for
   * momentum, the settled step lr / (1 - momentum)).
   *
   * @param steps filled in place, one entry per parameter
   */
  void proximalSteps(double learningRate, OptimizerState state, double[] steps);

  /**
   * Whether {@link #proximalSteps} is defined, so that the L1 penalty (elasticNetParam > 0 with
   * regParam > 0) can be used with this optimizer. Sign-based rules (rprop) have no step per
   * unit of gradient.
   */
  default boolean supportsL1() {
    return true;
  }

  /**
   * The parameters a model should keep after the steps so far: {@code parameters} themselves
   * for every optimizer but ASGD, whose model is its running average {@code ax} once it has
   * started averaging. The result may be {@code parameters} itself; do not modify it.
   *
   * @param parameters the parameters the steps updated
   * @param state this optimizer's state after those steps
   */
  default double[] modelParameters(double[] parameters, OptimizerState state) {
    return parameters;
  }
}
