package dev.descent.spark.ml.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of learning-rate schedules by name. Adding one means writing its class and adding
 * one {@link #register} line here; the {@code lrSchedule} param accepts every registered name.
 * Each call of {@link #create} returns a new schedule, so a stateful one (plateau) starts fresh.
 */
public final class Schedules {

  private static final Map<String, Function<ScheduleParameters, LearningRateSchedule>> REGISTRY =
      new LinkedHashMap<>();

  static {
    register("constant", p -> new ConstantSchedule(p.baseLearningRate()));
    register("step", p -> new StepSchedule(p.baseLearningRate(), p.gamma(), p.stepSize()));
    register("multistep",
        p -> new MultiStepSchedule(p.baseLearningRate(), p.gamma(), p.milestones()));
    register("exponential", p -> new ExponentialSchedule(p.baseLearningRate(), p.gamma()));
    register("cosine",
        p -> new CosineSchedule(p.baseLearningRate(), p.minLearningRate(), p.cosineEpochs()));
    register("invscaling", p -> new InverseScalingSchedule(p.baseLearningRate(), p.powerT()));
    register("inverse_sqrt", p -> new InverseScalingSchedule(p.baseLearningRate(), 0.5));
    register("plateau", p -> new PlateauSchedule(p.baseLearningRate(), p.plateauFactor(),
        p.plateauPatience(), p.plateauThreshold(), p.plateauCooldown(), p.minLearningRate()));
  }

  private Schedules() {}

  private static void register(
      String name, Function<ScheduleParameters, LearningRateSchedule> factory) {
    REGISTRY.put(name, factory);
  }

  /** Registered names, in registration order. */
  public static List<String> names() {
    return new ArrayList<>(REGISTRY.keySet());
  }

  /** Creates the schedule {@code name}; throws with the bad value if a hyperparameter is invalid. */
  public static LearningRateSchedule create(String name, ScheduleParameters parameters) {
    Function<ScheduleParameters, LearningRateSchedule> factory = REGISTRY.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("lrSchedule '" + name + "' is not one of " + names());
    }
    return factory.apply(parameters);
  }

  /**
   * Creates the schedule {@code name} and multiplies it by a linear warmup over
   * {@code warmupEpochs} epochs starting at {@code warmupStartFactor} (see {@link Warmup}).
   */
  public static LearningRateSchedule create(String name, ScheduleParameters parameters,
      int warmupEpochs, double warmupStartFactor) {
    return new Warmup(create(name, parameters), warmupEpochs, warmupStartFactor);
  }
}
