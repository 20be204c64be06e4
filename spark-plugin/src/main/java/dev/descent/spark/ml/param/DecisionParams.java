package dev.descent.spark.ml.param;

import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * Where a binary classifier puts its decision: the {@code threshold} of Spark's
 * LogisticRegression (on the probability of label 1) and LinearSVC (on the margin) in one param,
 * on whichever of the two the model's loss gives.
 */
public interface DecisionParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final DoubleParam threshold;

    Group(Params stage) {
      threshold = new DoubleParam(stage.uid(), "threshold", "decision threshold of a binary"
          + " model: label 1 is predicted when the probability of label 1 is above it, for the"
          + " losses that give probabilities (log, modified_huber; in [0, 1]), or when the margin"
          + " is above it, for hinge and squared_hinge; unset predicts the likelier label (0.5 on"
          + " the probability, 0 on the margin). Multiclass models take Spark's thresholds",
          (Function1<Object, Object> & Serializable) value -> Double.isFinite((Double) value));
    }
  }

  /** The decision threshold of a binary model; unset means the likelier label. */
  default DoubleParam threshold() {
    return paramGroups().get(Group.class).threshold;
  }

  default double getThreshold() {
    return (Double) getOrDefault(threshold());
  }

  /** The setter of an estimator or model, returning it so that calls chain. */
  interface Setters<S extends Setters<S>> extends DecisionParams {

    @SuppressWarnings("unchecked")
    default S setThreshold(double value) {
      set(threshold(), value);
      return (S) this;
    }
  }
}
