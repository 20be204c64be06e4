package dev.descent.spark.ml.param;

import dev.descent.spark.ml.engine.Regularization;
import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** The elastic-net penalty. */
public interface RegularizationParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final DoubleParam regParam;
    final DoubleParam elasticNetParam;

    Group(Params stage) {
      String uid = stage.uid();
      regParam = new DoubleParam(uid, "regParam", "regularization strength (>= 0)",
          ParamValidators.gtEq(0));
      elasticNetParam = new DoubleParam(uid, "elasticNetParam", "elastic-net mixing in [0, 1]:"
          + " 0 is an L2 penalty, 1 an L1 penalty", ParamValidators.inRange(0, 1));
      stage.setDefault(regParam, 0.0);
      stage.setDefault(elasticNetParam, 0.0);
    }
  }

  /** Regularization strength. */
  default DoubleParam regParam() {
    return group().regParam;
  }

  default double getRegParam() {
    return (Double) getOrDefault(regParam());
  }

  /** Elastic-net mixing: 0 is L2, 1 is L1. */
  default DoubleParam elasticNetParam() {
    return group().elasticNetParam;
  }

  default double getElasticNetParam() {
    return (Double) getOrDefault(elasticNetParam());
  }

  /** The penalty on the first {@code numCoefficients} parameters (a linear model's). */
  default Regularization regularization(int numCoefficients) {
    return new Regularization(getRegParam(), getElasticNetParam(), numCoefficients);
  }

  /** The penalty on the parameter ranges [starts[i], ends[i]) (a network's weights). */
  default Regularization regularization(int[] starts, int[] ends) {
    return new Regularization(getRegParam(), getElasticNetParam(), starts, ends);
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends RegularizationParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setRegParam(double value) {
      set(regParam(), value);
      return self();
    }

    default S setElasticNetParam(double value) {
      set(elasticNetParam(), value);
      return self();
    }
  }
}
