package dev.descent.spark.ml.param;

import dev.descent.spark.ml.optim.Hyperparameters;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.optim.Optimizers;
import java.io.Serializable;
import java.util.OptionalDouble;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** The update rule and its hyperparameters, as torch.optim names them. */
public interface OptimizerParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    private static final Hyperparameters DEFAULTS = Hyperparameters.defaults();

    final Param<String> optimizer;
    final DoubleParam momentum;
    final DoubleParam dampening;
    final BooleanParam nesterov;
    final DoubleParam beta1;
    final DoubleParam beta2;
    final DoubleParam epsilon;
    final BooleanParam amsgrad;
    final DoubleParam weightDecay;
    final DoubleParam rho;
    final BooleanParam centered;
    final DoubleParam initialAccumulatorValue;
    final DoubleParam lrDecay;
    final DoubleParam momentumDecay;

    Group(Params stage) {
      String uid = stage.uid();
      optimizer = StringParams.of(uid, "optimizer", "update rule, one of " + Optimizers.names(),
          ParamValidators.inArray(Optimizers.names()));
      momentum = new DoubleParam(uid, "momentum", "momentum factor for sgd and rmsprop (>= 0)",
          ParamValidators.gtEq(0));
      dampening = new DoubleParam(uid, "dampening", "dampening for sgd momentum (>= 0)",
          ParamValidators.gtEq(0));
      nesterov = new BooleanParam(uid, "nesterov", "whether sgd uses Nesterov momentum");
      beta1 = new DoubleParam(uid, "beta1", "decay of the first-moment estimate for adam, adamw,"
          + " adamax and nadam, in [0, 1)", ParamValidators.inRange(0, 1, true, false));
      beta2 = new DoubleParam(uid, "beta2", "decay of the second-moment estimate for adam, adamw,"
          + " adamax and nadam, in [0, 1)", ParamValidators.inRange(0, 1, true, false));
      epsilon = new DoubleParam(uid, "epsilon", "term added to denominators for numerical"
          + " stability (>= 0); unset uses the optimizer's PyTorch default (1e-8, adagrad 1e-10,"
          + " adadelta 1e-6)", ParamValidators.gtEq(0));
      amsgrad = new BooleanParam(uid, "amsgrad", "whether adam and adamw use the AMSGrad variant");
      weightDecay = new DoubleParam(uid, "weightDecay", "decoupled weight decay of adamw (>= 0);"
          + " other optimizers regularize through regParam", ParamValidators.gtEq(0));
      rho = new DoubleParam(uid, "rho", "smoothing constant of rmsprop (PyTorch's alpha, default"
          + " 0.99) and adadelta (default 0.9), in [0, 1]; unset uses those defaults",
          ParamValidators.inRange(0, 1));
      centered = new BooleanParam(uid, "centered", "whether rmsprop normalizes by the centered"
          + " second moment");
      initialAccumulatorValue = new DoubleParam(uid, "initialAccumulatorValue", "starting value"
          + " of adagrad's sum of squared gradients (>= 0)", ParamValidators.gtEq(0));
      lrDecay = new DoubleParam(uid, "lrDecay", "adagrad's learning-rate decay (>= 0)",
          ParamValidators.gtEq(0));
      momentumDecay = new DoubleParam(uid, "momentumDecay", "nadam's momentum decay psi (>= 0)",
          ParamValidators.gtEq(0));
      stage.setDefault(optimizer, "adam");
      stage.setDefault(momentum, DEFAULTS.momentum());
      stage.setDefault(dampening, DEFAULTS.dampening());
      stage.setDefault(nesterov, DEFAULTS.nesterov());
      stage.setDefault(beta1, DEFAULTS.beta1());
      stage.setDefault(beta2, DEFAULTS.beta2());
      stage.setDefault(amsgrad, DEFAULTS.amsgrad());
      stage.setDefault(weightDecay, DEFAULTS.weightDecay());
      stage.setDefault(centered, DEFAULTS.centered());
      stage.setDefault(initialAccumulatorValue, DEFAULTS.initialAccumulatorValue());
      stage.setDefault(lrDecay, DEFAULTS.lrDecay());
      stage.setDefault(momentumDecay, DEFAULTS.momentumDecay());
    }
  }

  /** Name of the update rule. */
  default Param<String> optimizer() {
    return group().optimizer;
  }

  default String getOptimizer() {
    return (String) getOrDefault(optimizer());
  }

  /** Momentum factor of sgd and rmsprop. */
  default DoubleParam momentum() {
    return group().momentum;
  }

  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  /** Dampening of sgd momentum. */
  default DoubleParam dampening() {
    return group().dampening;
  }

  default double getDampening() {
    return (Double) getOrDefault(dampening());
  }

  /** Whether sgd uses Nesterov momentum. */
  default BooleanParam nesterov() {
    return group().nesterov;
  }

  default boolean getNesterov() {
    return (Boolean) getOrDefault(nesterov());
  }

  /** First-moment decay of the Adam family. */
  default DoubleParam beta1() {
    return group().beta1;
  }

  default double getBeta1() {
    return (Double) getOrDefault(beta1());
  }

  /** Second-moment decay of the Adam family. */
  default DoubleParam beta2() {
    return group().beta2;
  }

  default double getBeta2() {
    return (Double) getOrDefault(beta2());
  }

  /** Denominator term for numerical stability; unset means the optimizer's default. */
  default DoubleParam epsilon() {
    return group().epsilon;
  }

  /** The value if set, else NaN: the optimizer then uses its own PyTorch default. */
  default double getEpsilon() {
    return isDefined(epsilon()) ? (Double) getOrDefault(epsilon()) : Double.NaN;
  }

  /** Whether adam and adamw use AMSGrad. */
  default BooleanParam amsgrad() {
    return group().amsgrad;
  }

  default boolean getAmsgrad() {
    return (Boolean) getOrDefault(amsgrad());
  }

  /** Decoupled weight decay of adamw. */
  default DoubleParam weightDecay() {
    return group().weightDecay;
  }

  default double getWeightDecay() {
    return (Double) getOrDefault(weightDecay());
  }

  /** Smoothing constant of rmsprop and adadelta; unset means the optimizer's default. */
  default DoubleParam rho() {
    return group().rho;
  }

  /** The value if set, else NaN: the optimizer then uses its own PyTorch default. */
  default double getRho() {
    return isDefined(rho()) ? (Double) getOrDefault(rho()) : Double.NaN;
  }

  /** Whether rmsprop is centered. */
  default BooleanParam centered() {
    return group().centered;
  }

  default boolean getCentered() {
    return (Boolean) getOrDefault(centered());
  }

  /** Starting value of adagrad's accumulator. */
  default DoubleParam initialAccumulatorValue() {
    return group().initialAccumulatorValue;
  }

  default double getInitialAccumulatorValue() {
    return (Double) getOrDefault(initialAccumulatorValue());
  }

  /** Adagrad's learning-rate decay. */
  default DoubleParam lrDecay() {
    return group().lrDecay;
  }

  default double getLrDecay() {
    return (Double) getOrDefault(lrDecay());
  }

  /** NAdam's momentum decay. */
  default DoubleParam momentumDecay() {
    return group().momentumDecay;
  }

  default double getMomentumDecay() {
    return (Double) getOrDefault(momentumDecay());
  }

  /** A fresh optimizer of this stage's kind with its hyperparameters (validated by it). */
  default Optimizer newOptimizer() {
    return Optimizers.create(getOptimizer(), new Hyperparameters(getMomentum(), getDampening(),
        getNesterov(), getBeta1(), getBeta2(), optional(getEpsilon()), getAmsgrad(),
        getWeightDecay(), optional(getRho()), getCentered(), getInitialAccumulatorValue(),
        getLrDecay(), getMomentumDecay()));
  }

  private static OptionalDouble optional(double value) {
    return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends OptimizerParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setOptimizer(String value) {
      set(optimizer(), value);
      return self();
    }

    default S setMomentum(double value) {
      set(momentum(), value);
      return self();
    }

    default S setDampening(double value) {
      set(dampening(), value);
      return self();
    }

    default S setNesterov(boolean value) {
      set(nesterov(), value);
      return self();
    }

    default S setBeta1(double value) {
      set(beta1(), value);
      return self();
    }

    default S setBeta2(double value) {
      set(beta2(), value);
      return self();
    }

    default S setEpsilon(double value) {
      set(epsilon(), value);
      return self();
    }

    default S setAmsgrad(boolean value) {
      set(amsgrad(), value);
      return self();
    }

    default S setWeightDecay(double value) {
      set(weightDecay(), value);
      return self();
    }

    default S setRho(double value) {
      set(rho(), value);
      return self();
    }

    default S setCentered(boolean value) {
      set(centered(), value);
      return self();
    }

    default S setInitialAccumulatorValue(double value) {
      set(initialAccumulatorValue(), value);
      return self();
    }

    default S setLrDecay(double value) {
      set(lrDecay(), value);
      return self();
    }

    default S setMomentumDecay(double value) {
      set(momentumDecay(), value);
      return self();
    }
  }
}
