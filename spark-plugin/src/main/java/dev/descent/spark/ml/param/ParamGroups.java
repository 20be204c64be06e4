package dev.descent.spark.ml.param;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.ml.param.Params;

/**
 * The Param objects of one stage, one {@code Group} per param group the stage implements, created
 * (with their defaults) once the stage's uid is known. Adding a group means one line here.
 */
public final class ParamGroups implements Serializable {

  private final Map<Class<?>, Object> groups = new LinkedHashMap<>();

  public ParamGroups(DescentParams stage) {
    add(stage, InputParams.class, InputParams.Group::new);
    add(stage, TrainingLoopParams.class, TrainingLoopParams.Group::new);
    add(stage, LinearModelParams.class, LinearModelParams.Group::new);
    add(stage, RegularizationParams.class, RegularizationParams.Group::new);
    add(stage, OptimizerParams.class, OptimizerParams.Group::new);
    add(stage, LearningRateParams.class, LearningRateParams.Group::new);
    add(stage, SupervisionParams.class, SupervisionParams.Group::new);
    add(stage, CheckpointParams.class, CheckpointParams.Group::new);
    add(stage, NetworkParams.class, NetworkParams.Group::new);
    add(stage, ClassificationLossParams.class, ClassificationLossParams.Group::new);
    add(stage, RegressionLossParams.class, RegressionLossParams.Group::new);
    add(stage, DecisionParams.class, DecisionParams.Group::new);
    add(stage, DescriptionParams.class, DescriptionParams.Group::new);
  }

  private void add(DescentParams stage, Class<?> group, Function<Params, Object> create) {
    if (group.isInstance(stage)) {
      Object params = create.apply(stage);
      groups.put(params.getClass(), params);
    }
  }

  /** This stage's Param objects of the group whose {@code Group} class is {@code type}. */
  <G> G get(Class<G> type) {
    Object params = groups.get(type);
    if (params == null) {
      throw new IllegalStateException("this stage has no " + type.getName());
    }
    return type.cast(params);
  }
}
