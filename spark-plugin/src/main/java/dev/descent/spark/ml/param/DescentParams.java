package dev.descent.spark.ml.param;

import org.apache.spark.ml.param.Params;

/**
 * A stage whose params come in groups by role ({@link InputParams}, {@link OptimizerParams},
 * ...). Each group is an interface with the params' accessors and getters and the method that
 * builds the group's engine object, a nested {@code Group} that holds the Param objects (each
 * param's name, doc, validation and default, defined once), and a nested {@code Setters} for
 * estimators. A stage has exactly the groups it implements, and keeps their Param objects in one
 * {@link ParamGroups}.
 *
 * <p>Spark finds params by reflection over public no-argument methods returning {@code Param},
 * which includes the groups' default methods; Java cannot mix in Spark's shared {@code Has*}
 * traits, hence this layout.
 */
public interface DescentParams extends Params {

  /** The Param objects of this stage's groups. */
  ParamGroups paramGroups();
}
