package dev.descent.spark.ml.param;

import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.summary.ValidationMetrics;
import java.io.Serializable;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** The loss of a classifier and the metric its validation rows are scored by. */
public interface ClassificationLossParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final Param<String> loss;
    final Param<String> validationMetric;

    Group(Params stage) {
      String uid = stage.uid();
      loss = StringParams.of(uid, "loss", "loss function, one of " + Losses.CLASSIFICATION
          + ": log is logistic regression (softmax for more than 2 classes), hinge a linear SVM;"
          + " with more than 2 classes the margin losses are applied one-vs-rest; or the"
          + " qualified class name of a dev.descent.spark.ml.loss.CustomLoss",
          Losses.validator(Losses.CLASSIFICATION));
      validationMetric = StringParams.of(uid, "validationMetric", "metric recorded on the"
          + " validation rows after each epoch and watched by early stopping: 'objective' (the"
          + " training objective over those rows) or a metric of Spark's evaluator, one of "
          + ValidationMetrics.classification(), Choices.oneOf("validationMetric",
          ValidationMetrics.classification()));
      stage.setDefault(loss, "log");
      stage.setDefault(validationMetric, ValidationMetrics.OBJECTIVE);
    }
  }

  /** The loss: log, hinge, squared_hinge or modified_huber. */
  default Param<String> loss() {
    return group().loss;
  }

  default String getLoss() {
    return getOrDefault(loss());
  }

  /** The metric recorded on validation rows and watched by early stopping. */
  default Param<String> validationMetric() {
    return group().validationMetric;
  }

  default String getValidationMetric() {
    return getOrDefault(validationMetric());
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends ClassificationLossParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setLoss(String value) {
      set(loss(), value);
      return self();
    }

    default S setValidationMetric(String value) {
      set(validationMetric(), value);
      return self();
    }
  }
}
