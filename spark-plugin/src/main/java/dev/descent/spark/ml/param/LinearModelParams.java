package dev.descent.spark.ml.param;

import java.io.Serializable;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Params;

/** The shape of a linear model. */
public interface LinearModelParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final BooleanParam fitIntercept;

    Group(Params stage) {
      String uid = stage.uid();
      fitIntercept = new BooleanParam(uid, "fitIntercept", "whether to fit an intercept term");
      stage.setDefault(fitIntercept, true);
    }
  }

  /** Whether to fit an intercept. */
  default BooleanParam fitIntercept() {
    return group().fitIntercept;
  }

  default boolean getFitIntercept() {
    return (Boolean) getOrDefault(fitIntercept());
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends LinearModelParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setFitIntercept(boolean value) {
      set(fitIntercept(), value);
      return self();
    }
  }
}
