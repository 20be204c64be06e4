package dev.descent.spark.ml.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of optimizers by name. Adding an optimizer means writing its class and adding one
 * {@link #register} line here; the {@code optimizer} param accepts every registered name.
 */
public final class Optimizers {

  private record Entry(double defaultLearningRate, Function<Hyperparameters, Optimizer> factory) {}

  private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

  static {
    // Default learning rates suit standardized features and a few hundred steps; where they
    // differ from PyTorch's (sgd 1e-3, adam and adamw 1e-3, adagrad 1e-2) the README says so.
    register("sgd", 0.1, Sgd::new);
    register("adam", 0.01, Adam::new);
    register("adamw", 0.01, AdamW::new);
    register("adagrad", 0.1, Adagrad::new);
    register("rmsprop", 0.01, RmsProp::new);
    register("adadelta", 1.0, Adadelta::new);
    register("adamax", 0.002, Adamax::new);
    register("nadam", 0.002, NAdam::new);
  }

  private Optimizers() {}

  private static void register(
      String name, double defaultLearningRate, Function<Hyperparameters, Optimizer> factory) {
    REGISTRY.put(name, new Entry(defaultLearningRate, factory));
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

  private static Entry entry(String name) {
    Entry entry = REGISTRY.get(name);
    if (entry == null) {
      throw new IllegalArgumentException("optimizer '" + name + "' is not one of " + names());
    }
    return entry;
  }
}
