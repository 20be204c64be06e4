package dev.descent.spark.ml.param;

/**
 * The setters of the {@link GradientDescentParams} groups for an estimator {@code S}, returning
 * it so that calls chain as with Spark's own estimators.
 */
public interface GradientDescentSetters<S extends GradientDescentSetters<S>>
    extends GradientDescentParams, InputParams.Setters<S>, TrainingLoopParams.Setters<S>,
        RegularizationParams.Setters<S>, OptimizerParams.Setters<S>,
        LearningRateParams.Setters<S>, SupervisionParams.Setters<S>, DescriptionParams.Setters<S> {}
