package dev.descent.spark.ml.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of optimizers by name. Adding an optimizer means writing its class and adding one
 * {@link #register} line here, which names the hyperparameter params it takes (the
 * {@code learningRate} param is taken by every optimizer); the {@code optimizer} param accepts
 * every registered name, and a stage that sets a param its optimizer does not take fails at fit.
 */
public final class Optimizers {

  private record Entry(double defaultLearningRate, Function<Hyperparameters, Optimizer> factory,
      List<String> hyperparameters) {}

  private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

  static {
    // Default learning rates suit standardized features and a few hundred steps; where they
    // differ from PyTorch's (sgd and asgd 1e-3 and 1e-2, adam, adamw and radam 1e-3, adagrad
    // 1e-2) docs/params.md says so.
    register("sgd", 0.1, Sgd::new, "momentum", "dampening", "nesterov", "weightDecay");
    register("adam", 0.01, Adam::new, "beta1", "beta2", "epsilon", "amsgrad", "weightDecay");
    register("adamw", 0.01, AdamW::new, "beta1", "beta2", "epsilon", "amsgrad", "weightDecay");
    register("adagrad", 0.1, Adagrad::new, "lrDecay", "initialAccumulatorValue", "epsilon",
        "weightDecay");
    register("rmsprop", 0.01, RmsProp::new, "rho", "epsilon", "momentum", "centered",
        "weightDecay");
    register("adadelta", 1.0, Adadelta::new, "rho", "epsilon", "weightDecay");
    register("adamax", 0.002, Adamax::new, "beta1", "beta2", "epsilon", "weightDecay");
    register("nadam", 0.002, NAdam::new, "beta1", "beta2", "epsilon", "momentumDecay",
        "weightDecay");
    register("radam", 0.01, RAdam::new, "beta1", "beta2", "epsilon", "weightDecay");
    register("rprop", 0.01, Rprop::new, "etaMinus", "etaPlus", "minStepSize", "maxStepSize");
    register("asgd", 0.1, Asgd::new, "asgdLambda", "asgdAlpha", "asgdT0", "weightDecay");
    register("lbfgs", 1.0, Lbfgs::new, "historySize", "lineSearch", "toleranceGrad",
        "toleranceChange");
  }

  private Optimizers() {}

  private static void register(String name, double defaultLearningRate,
      Function<Hyperparameters, Optimizer> factory, String... hyperparameters) {
    REGISTRY.put(name, new Entry(defaultLearningRate, factory, List.of(hyperparameters)));
  }

  /** Registered names, in registration order. */
  public static List<String> names() {
    return new ArrayList<>(REGISTRY.keySet());
  }

  /** Creates the optimizer {@code name}; throws with the bad value if a hyperparameter is invalid. */
  public static Optimizer create(String name, Hyperparameters hyperparameters) {
    return entry(name).factory().apply(hyperparameters);
  }

  /** The learning rate used when the {@code learningRate} param is not set. */
  public static double defaultLearningRate(String name) {
    return entry(name).defaultLearningRate();
  }

  /**
   * The names of the hyperparameter params the optimizer {@code name} takes, in the order of its
   * registration (learningRate, taken by all, is not listed).
   */
  public static List<String> hyperparameters(String name) {
    return entry(name).hyperparameters();
  }

  /** The registered optimizers that take the hyperparameter param {@code param}, in order. */
  public static List<String> using(String param) {
    return REGISTRY.entrySet().stream()
        .filter(e -> e.getValue().hyperparameters().contains(param))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static Entry entry(String name) {
    Entry entry = REGISTRY.get(name);
    if (entry == null) {
      throw new IllegalArgumentException("optimizer '" + name + "' is not one of " + names());
    }
    return entry;
  }
}
