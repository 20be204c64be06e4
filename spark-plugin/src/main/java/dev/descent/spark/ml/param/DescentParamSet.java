package dev.descent.spark.ml.param;

import dev.descent.spark.ml.engine.EpochObjective;
import dev.descent.spark.ml.optim.Optimizers;
import dev.descent.spark.ml.schedule.Schedules;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The params every gradient-descent stage has, created for one stage (their parent) with their
 * defaults. Java cannot mix Spark's shared param traits in, so each stage holds one of these and
 * exposes the params through {@link GradientDescentParams}'s accessors.
 */
public class DescentParamSet implements java.io.Serializable {

  public final Param<String> weightCol;
  public final IntParam maxIter;
  public final DoubleParam tol;
  public final BooleanParam fitIntercept;
  public final BooleanParam standardization;
  public final DoubleParam regParam;
  public final DoubleParam elasticNetParam;
  public final LongParam seed;
  public final IntParam aggregationDepth;
  public final Param<String> handleInvalid;
  public final DoubleParam maxBlockSizeInMB;

  public final Param<String> optimizer;
  public final DoubleParam learningRate;
  public final IntParam batchSize;
  public final BooleanParam shuffle;
  public final IntParam localSteps;
  public final Param<String> epochObjective;
  public final DoubleParam momentum;
  public final DoubleParam dampening;
  public final BooleanParam nesterov;
  public final DoubleParam beta1;
  public final DoubleParam beta2;
  public final DoubleParam epsilon;
  public final BooleanParam amsgrad;
  public final DoubleParam weightDecay;
  public final DoubleParam rho;
  public final BooleanParam centered;
  public final DoubleParam initialAccumulatorValue;
  public final DoubleParam lrDecay;
  public final DoubleParam momentumDecay;

  public final Param<String> lrSchedule;
  public final DoubleParam lrGamma;
  public final IntParam lrStepSize;
  public final IntArrayParam lrMilestones;
  public final IntParam cosineEpochs;
  public final DoubleParam minLearningRate;
  public final DoubleParam powerT;
  public final DoubleParam plateauFactor;
  public final IntParam plateauPatience;
  public final DoubleParam plateauThreshold;
  public final IntParam plateauCooldown;
  public final IntParam warmupEpochs;
  public final DoubleParam warmupStartFactor;
  public final DoubleParam clipGradNorm;
  public final DoubleParam clipGradValue;

  public final Param<String> validationIndicatorCol;
  public final IntParam earlyStoppingPatience;
  public final DoubleParam earlyStoppingMinDelta;
  public final DoubleParam divergenceFactor;
  public final Param<String> checkpointDir;
  public final IntParam checkpointInterval;
  public final Param<String> resumeFrom;

  public DescentParamSet(Params stage) {
    String uid = stage.uid();
    weightCol = StringParams.of(uid, "weightCol", "weight column name; unset or empty gives every"
        + " row weight 1.0");
    maxIter = new IntParam(uid, "maxIter", "maximum number of epochs (passes over the data)"
        + " (>= 0)", ParamValidators.gtEq(0));
    tol = new DoubleParam(uid, "tol", "stop when an epoch changes the objective by at most tol"
        + " relative to its size; 0 disables (>= 0)", ParamValidators.gtEq(0));
    fitIntercept = new BooleanParam(uid, "fitIntercept", "whether to fit an intercept term");
    standardization = new BooleanParam(uid, "standardization", "whether to scale features to"
        + " unit standard deviation for training; coefficients are reported on the original"
        + " scale, and the penalty applies to the standardized coefficients, as in MLlib");
    regParam = new DoubleParam(uid, "regParam", "regularization strength (>= 0)",
        ParamValidators.gtEq(0));
    elasticNetParam = new DoubleParam(uid, "elasticNetParam", "elastic-net mixing in [0, 1]:"
        + " 0 is an L2 penalty, 1 an L1 penalty", ParamValidators.inRange(0, 1));
    seed = new LongParam(uid, "seed", "random seed for shuffling");
    aggregationDepth = new IntParam(uid, "aggregationDepth", "depth of the tree in which the"
        + " partitions' sums (gradients, statistics, objectives) are combined, as in MLlib: each"
        + " level merges about P^(1/depth) of P partitions' results on the executors, in a fixed"
        + " order, so that the driver receives few; raise it for many partitions or many"
        + " features (>= 1; 1 sends every partition's result to the driver)",
        ParamValidators.gtEq(1));
    handleInvalid = StringParams.of(uid, "handleInvalid", "what to do with rows that have a null"
        + " or non-finite label, weight or feature, a wrong vector size or an invalid label:"
        + " 'error' fails the fit naming the problem, 'skip' drops them and counts them in the"
        + " summary", ParamValidators.inArray(List.of("error", "skip")));
    maxBlockSizeInMB = new DoubleParam(uid, "maxBlockSizeInMB", "target size of a cached block"
        + " of training rows in MB (> 0)", ParamValidators.gt(0));

    optimizer = StringParams.of(uid, "optimizer", "update rule, one of " + Optimizers.names(),
        ParamValidators.inArray(Optimizers.names()));
    learningRate = new DoubleParam(uid, "learningRate", "step size (> 0); unset uses the"
        + " optimizer's default", ParamValidators.gt(0));
    batchSize = new IntParam(uid, "batchSize", "rows per optimizer step across the whole"
        + " DataFrame (>= 1); at least the row count gives full-batch gradient descent, 1 gives"
        + " plain stochastic gradient descent", ParamValidators.gtEq(1));
    shuffle = new BooleanParam(uid, "shuffle", "whether to visit rows in a new seeded random"
        + " order every epoch");
    localSteps = new IntParam(uid, "localSteps", "mini-batch steps each partition takes on its"
        + " own rows between two synchronizations (>= 1): 1 is exact synchronous mini-batch"
        + " gradient descent, one Spark job per step; more is model averaging (local SGD), one"
        + " job per localSteps steps, for small batches where the per-job cost dominates",
        ParamValidators.gtEq(1));
    epochObjective = StringParams.of(uid, "epochObjective", "what each epoch records as its"
        + " objective, which tol, divergenceFactor, the plateau schedule and listeners use, one of"
        + " " + EpochObjective.NAMES + ": 'exact' is the objective over all training rows at the"
        + " epoch's final parameters, one extra pass over the data per epoch with mini-batches;"
        + " 'running' is the weighted mean of the epoch's mini-batch objectives, each at the"
        + " parameters before its step, at no extra cost (epoch 0: an estimate from the first"
        + " mini-batch). With one step per epoch (full batch) both are the exact objective",
        ParamValidators.inArray(EpochObjective.NAMES));
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

    lrSchedule = StringParams.of(uid, "lrSchedule", "learning-rate schedule, stepped once per"
        + " epoch, one of " + Schedules.names(), ParamValidators.inArray(Schedules.names()));
    lrGamma = new DoubleParam(uid, "lrGamma", "decay factor of the step, multistep and"
        + " exponential schedules (> 0)", ParamValidators.gt(0));
    lrStepSize = new IntParam(uid, "lrStepSize", "epochs between decays of the step schedule"
        + " (>= 1)", ParamValidators.gtEq(1));
    lrMilestones = new IntArrayParam(stage, "lrMilestones", "epochs (0-based, >= 0) at which the"
        + " multistep schedule multiplies the learning rate by lrGamma; a repeated epoch counts"
        + " twice", nonNegativeEntries());
    cosineEpochs = new IntParam(uid, "cosineEpochs", "period T of the cosine schedule, which"
        + " reaches minLearningRate at epoch T (>= 1); unset uses maxIter",
        ParamValidators.gtEq(1));
    minLearningRate = new DoubleParam(uid, "minLearningRate", "floor of the cosine and plateau"
        + " schedules (>= 0)", ParamValidators.gtEq(0));
    powerT = new DoubleParam(uid, "powerT", "exponent of the invscaling schedule"
        + " lr / (epoch + 1)^powerT (>= 0)", ParamValidators.gtEq(0));
    plateauFactor = new DoubleParam(uid, "plateauFactor", "factor by which the plateau schedule"
        + " multiplies the learning rate, in (0, 1)", ParamValidators.inRange(0, 1, false, false));
    plateauPatience = new IntParam(uid, "plateauPatience", "epochs without improvement the"
        + " plateau schedule tolerates before reducing the learning rate (>= 0)",
        ParamValidators.gtEq(0));
    plateauThreshold = new DoubleParam(uid, "plateauThreshold", "relative decrease of the best"
        + " epoch objective that counts as an improvement for the plateau schedule (>= 0)",
        ParamValidators.gtEq(0));
    plateauCooldown = new IntParam(uid, "plateauCooldown", "epochs after a reduction during"
        + " which the plateau schedule counts no bad epochs (>= 0)", ParamValidators.gtEq(0));
    warmupEpochs = new IntParam(uid, "warmupEpochs", "epochs of linear warmup, whose factor"
        + " multiplies the schedule's learning rate; 0 disables (>= 0)", ParamValidators.gtEq(0));
    warmupStartFactor = new DoubleParam(uid, "warmupStartFactor", "warmup factor at epoch 0,"
        + " rising linearly to 1 at epoch warmupEpochs, in (0, 1]",
        ParamValidators.inRange(0, 1, false, true));
    clipGradNorm = new DoubleParam(uid, "clipGradNorm", "largest L2 norm of the gradient over"
        + " all parameters, as PyTorch's clip_grad_norm_ (> 0); unset does not clip",
        ParamValidators.gt(0));
    clipGradValue = new DoubleParam(uid, "clipGradValue", "largest absolute value of each"
        + " gradient entry, as PyTorch's clip_grad_value_, applied before clipGradNorm (> 0);"
        + " unset does not clip", ParamValidators.gt(0));

    validationIndicatorCol = StringParams.of(uid, "validationIndicatorCol", "name of a boolean"
        + " column that is true for validation rows, false for training rows (as Spark's GBT);"
        + " unset trains on every row");
    earlyStoppingPatience = new IntParam(uid, "earlyStoppingPatience", "epochs in a row the"
        + " validation metric may fail to improve by more than earlyStoppingMinDelta before"
        + " training stops and keeps the best epoch's parameters; needs validationIndicatorCol;"
        + " 0 disables (>= 0)", ParamValidators.gtEq(0));
    earlyStoppingMinDelta = new DoubleParam(uid, "earlyStoppingMinDelta", "smallest change of"
        + " the validation metric, in its better direction, that counts as an improvement (>= 0)",
        ParamValidators.gtEq(0));
    divergenceFactor = new DoubleParam(uid, "divergenceFactor", "training stops as diverged"
        + " when an epoch ends with objective > initial + divergenceFactor * |initial| (or a"
        + " non-finite gradient, parameter or objective), keeping the last good epoch's"
        + " parameters (> 0)", ParamValidators.gt(0));
    checkpointDir = StringParams.of(uid, "checkpointDir", "directory (any Hadoop file system) where"
        + " a fit writes its latest checkpoint every checkpointInterval epochs and after its last"
        + " epoch; unset writes none");
    checkpointInterval = new IntParam(uid, "checkpointInterval", "epochs between checkpoints"
        + " (>= 1)", ParamValidators.gtEq(1));
    resumeFrom = StringParams.of(uid, "resumeFrom", "checkpoint to continue from: a checkpoint"
        + " directory or a checkpointDir (its latest complete checkpoint); the fit's params and"
        + " data must match the checkpointed run's; unset starts afresh");

    stage.setDefault(maxIter, 100);
    stage.setDefault(tol, 1e-6);
    stage.setDefault(fitIntercept, true);
    stage.setDefault(standardization, true);
    stage.setDefault(regParam, 0.0);
    stage.setDefault(elasticNetParam, 0.0);
    stage.setDefault(seed, (long) stage.getClass().getName().hashCode());
    stage.setDefault(aggregationDepth, 2);
    stage.setDefault(handleInvalid, "error");
    stage.setDefault(maxBlockSizeInMB, 1.0);
    stage.setDefault(optimizer, "adam");
    stage.setDefault(batchSize, 1024);
    stage.setDefault(shuffle, true);
    stage.setDefault(localSteps, 1);
    stage.setDefault(epochObjective, "exact");
    stage.setDefault(momentum, 0.0);
    stage.setDefault(dampening, 0.0);
    stage.setDefault(nesterov, false);
    stage.setDefault(beta1, 0.9);
    stage.setDefault(beta2, 0.999);
    stage.setDefault(amsgrad, false);
    stage.setDefault(weightDecay, 0.01);
    stage.setDefault(centered, false);
    stage.setDefault(initialAccumulatorValue, 0.0);
    stage.setDefault(lrDecay, 0.0);
    stage.setDefault(momentumDecay, 4e-3);
    stage.setDefault(lrSchedule, "constant");
    stage.setDefault(lrGamma, 0.1);
    stage.setDefault(lrStepSize, 10);
    stage.setDefault(lrMilestones, new int[0]);
    stage.setDefault(minLearningRate, 0.0);
    stage.setDefault(powerT, 0.5);
    stage.setDefault(plateauFactor, 0.1);
    stage.setDefault(plateauPatience, 10);
    stage.setDefault(plateauThreshold, 1e-4);
    stage.setDefault(plateauCooldown, 0);
    stage.setDefault(warmupEpochs, 0);
    stage.setDefault(warmupStartFactor, 1.0 / 3);
    stage.setDefault(earlyStoppingPatience, 0);
    stage.setDefault(earlyStoppingMinDelta, 0.0);
    stage.setDefault(divergenceFactor, 100.0);
    stage.setDefault(checkpointInterval, 10);
  }

  /** A validator Spark can serialize with the stage (a plain Java lambda is not Serializable). */
  private static scala.Function1<int[], Object> nonNegativeEntries() {
    return (scala.Function1<int[], Object> & java.io.Serializable)
        values -> Arrays.stream(values).allMatch(v -> v >= 0);
  }
}
