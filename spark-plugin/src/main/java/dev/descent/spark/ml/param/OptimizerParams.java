package dev.descent.spark.ml.param;

import dev.descent.spark.ml.optim.Hyperparameters;
import dev.descent.spark.ml.optim.Lbfgs;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.optim.Optimizers;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The update rule and its hyperparameters, as torch.optim names them. Each optimizer takes the
 * params its {@link Optimizers} registration lists; setting another one is an error at fit, as
 * an unknown keyword argument is in PyTorch.
 */
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
    final DoubleParam etaMinus;
    final DoubleParam etaPlus;
    final DoubleParam minStepSize;
    final DoubleParam maxStepSize;
    final DoubleParam asgdLambda;
    final DoubleParam asgdAlpha;
    final DoubleParam asgdT0;
    final IntParam historySize;
    final Param<String> lineSearch;
    final DoubleParam toleranceGrad;
    final DoubleParam toleranceChange;

    /** Every hyperparameter param above (all but optimizer), to check against the optimizer. */
    final List<Param<?>> hyperparameters = new ArrayList<>();

    Group(Params stage) {
      String uid = stage.uid();
      optimizer = StringParams.of(uid, "optimizer", "update rule, one of " + choices()
          + "; 'auto' is lbfgs over every row unless batchSize, learningRate, lrSchedule,"
          + " localSteps, clipping or dropout asks for mini-batches, then adam",
          Choices.oneOf("optimizer", choices()));
      momentum = doubleParam(uid, "momentum", "momentum factor (>= 0)",
          ParamValidators.gtEq(0));
      dampening = doubleParam(uid, "dampening", "dampening of the momentum (>= 0)",
          ParamValidators.gtEq(0));
      nesterov = booleanParam(uid, "nesterov", "whether to use Nesterov momentum");
      beta1 = doubleParam(uid, "beta1", "decay of the first-moment estimate, in [0, 1)",
          ParamValidators.inRange(0, 1, true, false));
      beta2 = doubleParam(uid, "beta2", "decay of the second-moment estimate, in [0, 1)",
          ParamValidators.inRange(0, 1, true, false));
      epsilon = doubleParam(uid, "epsilon", "term added to denominators for numerical"
          + " stability (>= 0); unset uses the optimizer's PyTorch default (1e-8, adagrad 1e-10,"
          + " adadelta 1e-6)", ParamValidators.gtEq(0));
      amsgrad = booleanParam(uid, "amsgrad", "whether to use the AMSGrad variant");
      weightDecay = doubleParam(uid, "weightDecay", "the optimizer's own weight decay over every"
          + " parameter, intercepts included, as torch.optim's weight_decay (>= 0): decoupled"
          + " for adamw (theta *= 1 - lr * weightDecay), coupled for the others (weightDecay *"
          + " theta added to the gradient); separate from regParam; unset uses the optimizer's"
          + " PyTorch default (adamw 0.01, the others 0)", ParamValidators.gtEq(0));
      rho = doubleParam(uid, "rho", "smoothing constant, in [0, 1] (rmsprop's is PyTorch's"
          + " alpha); unset uses the optimizer's PyTorch default (rmsprop 0.99, adadelta 0.9)",
          ParamValidators.inRange(0, 1));
      centered = booleanParam(uid, "centered", "whether to normalize by the centered second"
          + " moment");
      initialAccumulatorValue = doubleParam(uid, "initialAccumulatorValue", "starting value of"
          + " the sum of squared gradients (>= 0)", ParamValidators.gtEq(0));
      lrDecay = doubleParam(uid, "lrDecay", "learning-rate decay (>= 0)",
          ParamValidators.gtEq(0));
      momentumDecay = doubleParam(uid, "momentumDecay", "momentum decay psi (>= 0)",
          ParamValidators.gtEq(0));
      etaMinus = doubleParam(uid, "etaMinus", "factor by which a step size shrinks when the"
          + " gradient changes sign, in (0, 1) (PyTorch's etas[0])",
          ParamValidators.inRange(0, 1, false, false));
      etaPlus = doubleParam(uid, "etaPlus", "factor by which a step size grows when the"
          + " gradient keeps its sign (> 1; PyTorch's etas[1])", ParamValidators.gt(1));
      minStepSize = doubleParam(uid, "minStepSize", "smallest step size (>= 0; PyTorch's"
          + " step_sizes[0])", ParamValidators.gtEq(0));
      maxStepSize = doubleParam(uid, "maxStepSize", "largest step size (>= minStepSize;"
          + " PyTorch's step_sizes[1])", ParamValidators.gtEq(0));
      asgdLambda = doubleParam(uid, "asgdLambda", "decay term lambd (>= 0)",
          ParamValidators.gtEq(0));
      asgdAlpha = doubleParam(uid, "asgdAlpha", "power alpha of the step-size decay (>= 0)",
          ParamValidators.gtEq(0));
      asgdT0 = doubleParam(uid, "asgdT0", "step t0 after which the parameters are averaged"
          + " (>= 0)", ParamValidators.gtEq(0));
      historySize = new IntParam(uid, "historySize", "number of curvature pairs (s, y) kept"
          + " (>= 1; PyTorch's history_size)" + usedBy("historySize"), ParamValidators.gtEq(1));
      hyperparameters.add(historySize);
      lineSearch = StringParams.of(uid, "lineSearch", "line search of each iteration: "
          + "'strong_wolfe' or 'none' (fixed steps of learningRate); with an L1 penalty,"
          + " OWL-QN's backtracking along the orthant" + usedBy("lineSearch"),
          Choices.oneOf("lineSearch", List.of(Lbfgs.STRONG_WOLFE, Lbfgs.NO_LINE_SEARCH)));
      hyperparameters.add(lineSearch);
      toleranceGrad = doubleParam(uid, "toleranceGrad", "stop when no entry of the gradient"
          + " exceeds this in magnitude (>= 0; PyTorch's tolerance_grad)",
          ParamValidators.gtEq(0));
      toleranceChange = doubleParam(uid, "toleranceChange", "stop when an iteration changes the"
          + " objective, or every parameter, by less than this (>= 0; PyTorch's"
          + " tolerance_change)", ParamValidators.gtEq(0));
      stage.setDefault(optimizer, OptimizerChoice.AUTO);
      stage.setDefault(momentum, DEFAULTS.momentum());
      stage.setDefault(dampening, DEFAULTS.dampening());
      stage.setDefault(nesterov, DEFAULTS.nesterov());
      stage.setDefault(beta1, DEFAULTS.beta1());
      stage.setDefault(beta2, DEFAULTS.beta2());
      stage.setDefault(amsgrad, DEFAULTS.amsgrad());
      stage.setDefault(centered, DEFAULTS.centered());
      stage.setDefault(initialAccumulatorValue, DEFAULTS.initialAccumulatorValue());
      stage.setDefault(lrDecay, DEFAULTS.lrDecay());
      stage.setDefault(momentumDecay, DEFAULTS.momentumDecay());
      stage.setDefault(etaMinus, DEFAULTS.etaMinus());
      stage.setDefault(etaPlus, DEFAULTS.etaPlus());
      stage.setDefault(minStepSize, DEFAULTS.minStepSize());
      stage.setDefault(maxStepSize, DEFAULTS.maxStepSize());
      stage.setDefault(asgdLambda, DEFAULTS.asgdLambda());
      stage.setDefault(asgdAlpha, DEFAULTS.asgdAlpha());
      stage.setDefault(asgdT0, DEFAULTS.asgdT0());
      stage.setDefault(historySize, DEFAULTS.historySize());
      stage.setDefault(lineSearch, DEFAULTS.lineSearch());
      stage.setDefault(toleranceGrad, DEFAULTS.toleranceGrad());
      stage.setDefault(toleranceChange, DEFAULTS.toleranceChange());
    }

    /** A hyperparameter param whose doc ends with the optimizers that take it. */
    private DoubleParam doubleParam(String uid, String name, String doc,
        scala.Function1<Object, Object> validator) {
      DoubleParam param = new DoubleParam(uid, name, doc + usedBy(name), validator);
      hyperparameters.add(param);
      return param;
    }

    private BooleanParam booleanParam(String uid, String name, String doc) {
      BooleanParam param = new BooleanParam(uid, name, doc + usedBy(name));
      hyperparameters.add(param);
      return param;
    }

    private static String usedBy(String name) {
      List<String> users = Optimizers.using(name);
      if (users.isEmpty()) {
        throw new IllegalStateException("no registered optimizer takes the param " + name);
      }
      return "; used by " + String.join(", ", users);
    }
  }

  /** The optimizer param's valid values: auto, then the registered optimizers. */
  private static List<String> choices() {
    List<String> names = new ArrayList<>(List.of(OptimizerChoice.AUTO));
    names.addAll(Optimizers.names());
    return names;
  }

  /** Name of the update rule, or "auto". */
  default Param<String> optimizer() {
    return group().optimizer;
  }

  default String getOptimizer() {
    return (String) getOrDefault(optimizer());
  }

  /** The optimizer a fit runs, with "auto" resolved from the other params. */
  OptimizerChoice optimizerChoice();

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

  /**
   * The optimizer's weight decay, as torch.optim's weight_decay: decoupled for adamw, coupled for
   * the others; unset means the optimizer's default (adamw 0.01, the others 0).
   */
  default DoubleParam weightDecay() {
    return group().weightDecay;
  }

  /** The value if set, else NaN: the optimizer then uses its own PyTorch default. */
  default double getWeightDecay() {
    return isDefined(weightDecay()) ? (Double) getOrDefault(weightDecay()) : Double.NaN;
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

  /** Rprop's step-size shrink factor (PyTorch's etas[0]). */
  default DoubleParam etaMinus() {
    return group().etaMinus;
  }

  default double getEtaMinus() {
    return (Double) getOrDefault(etaMinus());
  }

  /** Rprop's step-size growth factor (PyTorch's etas[1]). */
  default DoubleParam etaPlus() {
    return group().etaPlus;
  }

  default double getEtaPlus() {
    return (Double) getOrDefault(etaPlus());
  }

  /** Rprop's smallest step size (PyTorch's step_sizes[0]). */
  default DoubleParam minStepSize() {
    return group().minStepSize;
  }

  default double getMinStepSize() {
    return (Double) getOrDefault(minStepSize());
  }

  /** Rprop's largest step size (PyTorch's step_sizes[1]). */
  default DoubleParam maxStepSize() {
    return group().maxStepSize;
  }

  default double getMaxStepSize() {
    return (Double) getOrDefault(maxStepSize());
  }

  /** ASGD's decay term (PyTorch's lambd). */
  default DoubleParam asgdLambda() {
    return group().asgdLambda;
  }

  default double getAsgdLambda() {
    return (Double) getOrDefault(asgdLambda());
  }

  /** ASGD's step-size decay power (PyTorch's alpha). */
  default DoubleParam asgdAlpha() {
    return group().asgdAlpha;
  }

  default double getAsgdAlpha() {
    return (Double) getOrDefault(asgdAlpha());
  }

  /** ASGD's step after which it averages (PyTorch's t0). */
  default DoubleParam asgdT0() {
    return group().asgdT0;
  }

  default double getAsgdT0() {
    return (Double) getOrDefault(asgdT0());
  }

  /** How many curvature pairs lbfgs keeps (PyTorch's history_size). */
  default IntParam historySize() {
    return group().historySize;
  }

  default int getHistorySize() {
    return (Integer) getOrDefault(historySize());
  }

  /** Lbfgs's line search: 'strong_wolfe' or 'none' (PyTorch's line_search_fn). */
  default Param<String> lineSearch() {
    return group().lineSearch;
  }

  default String getLineSearch() {
    return (String) getOrDefault(lineSearch());
  }

  /** Lbfgs's tolerance on the largest gradient entry (PyTorch's tolerance_grad). */
  default DoubleParam toleranceGrad() {
    return group().toleranceGrad;
  }

  default double getToleranceGrad() {
    return (Double) getOrDefault(toleranceGrad());
  }

  /** Lbfgs's tolerance on the change of objective or parameters (PyTorch's tolerance_change). */
  default DoubleParam toleranceChange() {
    return group().toleranceChange;
  }

  default double getToleranceChange() {
    return (Double) getOrDefault(toleranceChange());
  }

  /**
   * A fresh optimizer of this stage's kind with its hyperparameters (validated by it). Throws an
   * IllegalArgumentException naming the optimizer and the params it takes if a hyperparameter
   * param the optimizer does not take is set (defaults do not count), as PyTorch rejects an
   * unknown keyword argument; called at the start of every fit, before any data is read.
   */
  default Optimizer newOptimizer() {
    List<String> set = group().hyperparameters.stream()
        .filter(this::isSet)
        .map(Param::name)
        .toList();
    String name = optimizerChoice().optimizer();
    if (getOptimizer().equals(OptimizerChoice.AUTO) && !set.isEmpty()) {
      throw new IllegalArgumentException("optimizer 'auto' chooses lbfgs or adam and takes no"
          + " hyperparameters, but " + String.join(", ", set) + (set.size() == 1 ? " is" : " are")
          + " set: set optimizer to one"
          + " that takes it (" + String.join(", ", Optimizers.using(set.get(0))) + ")");
    }
    List<String> takes = Optimizers.hyperparameters(name);
    List<String> unused = set.stream().filter(param -> !takes.contains(param)).toList();
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("optimizer '" + name + "' does not use "
          + String.join(", ", unused) + "; it takes: " + String.join(", ", takes));
    }
    return Optimizers.create(name, new Hyperparameters(getMomentum(), getDampening(),
        getNesterov(), getBeta1(), getBeta2(), optional(getEpsilon()), getAmsgrad(),
        optional(getWeightDecay()), optional(getRho()), getCentered(),
        getInitialAccumulatorValue(), getLrDecay(), getMomentumDecay(), getEtaMinus(),
        getEtaPlus(), getMinStepSize(), getMaxStepSize(), getAsgdLambda(), getAsgdAlpha(),
        getAsgdT0(), history(), getLineSearch(), getToleranceGrad(),
        getToleranceChange()));
  }

  /** The lbfgs history: the param's, or for "auto" MLlib's (see {@link OptimizerChoice}). */
  private int history() {
    return getOptimizer().equals(OptimizerChoice.AUTO)
        ? OptimizerChoice.HISTORY_SIZE
        : getHistorySize();
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

    default S setEtaMinus(double value) {
      set(etaMinus(), value);
      return self();
    }

    default S setEtaPlus(double value) {
      set(etaPlus(), value);
      return self();
    }

    default S setMinStepSize(double value) {
      set(minStepSize(), value);
      return self();
    }

    default S setMaxStepSize(double value) {
      set(maxStepSize(), value);
      return self();
    }

    default S setAsgdLambda(double value) {
      set(asgdLambda(), value);
      return self();
    }

    default S setAsgdAlpha(double value) {
      set(asgdAlpha(), value);
      return self();
    }

    default S setAsgdT0(double value) {
      set(asgdT0(), value);
      return self();
    }

    default S setHistorySize(int value) {
      set(historySize(), value);
      return self();
    }

    default S setLineSearch(String value) {
      set(lineSearch(), value);
      return self();
    }

    default S setToleranceGrad(double value) {
      set(toleranceGrad(), value);
      return self();
    }

    default S setToleranceChange(double value) {
      set(toleranceChange(), value);
      return self();
    }
  }
}
