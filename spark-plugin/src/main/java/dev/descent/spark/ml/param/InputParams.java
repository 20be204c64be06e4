package dev.descent.spark.ml.param;

import dev.descent.spark.ml.data.InputSpec;
import dev.descent.spark.ml.data.LabelRule;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** What a fit reads from its DataFrame and how it combines the partitions' sums. */
public interface InputParams extends DescentParams {

  /** The label column, from Spark's {@code Predictor}. */
  String getLabelCol();

  /** The features column, from Spark's {@code Predictor}. */
  String getFeaturesCol();

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final Param<String> weightCol;
    final Param<String> handleInvalid;
    final DoubleParam maxSkippedFraction;
    final DoubleParam maxBlockSizeInMB;
    final BooleanParam standardization;
    final IntParam aggregationDepth;

    Group(Params stage) {
      String uid = stage.uid();
      weightCol = StringParams.of(uid, "weightCol", "weight column name; unset or empty gives every"
          + " row weight 1.0");
      handleInvalid = StringParams.of(uid, "handleInvalid", "what to do with rows that have a null"
          + " or non-finite label, weight or feature, a wrong vector size or an invalid label:"
          + " 'error' fails the fit naming the problem, 'skip' drops them and counts them in the"
          + " summary", Choices.oneOf("handleInvalid", List.of("error", "skip")));
      maxSkippedFraction = new DoubleParam(uid, "maxSkippedFraction", "largest fraction of the"
          + " rows handleInvalid=skip may drop; more fails the fit, naming the first bad row's"
          + " problem (in [0, 1])", ParamValidators.inRange(0, 1));
      maxBlockSizeInMB = new DoubleParam(uid, "maxBlockSizeInMB", "target size of a cached block"
          + " of training rows in MB (in (0, 256])", ParamValidators.inRange(0, 256, false, true));
      standardization = new BooleanParam(uid, "standardization", "whether to scale features to"
          + " unit standard deviation for training; coefficients are reported on the original"
          + " scale, and the penalty applies to the standardized coefficients, as in MLlib");
      aggregationDepth = new IntParam(uid, "aggregationDepth", "depth of the tree in which the"
          + " partitions' sums (gradients, statistics, objectives) are combined, as in MLlib: each"
          + " level merges about P^(1/depth) of P partitions' results on the executors, in a fixed"
          + " order, so that the driver receives few; raise it for many partitions or many"
          + " features (>= 1; 1 sends every partition's result to the driver)",
          ParamValidators.gtEq(1));
      stage.setDefault(handleInvalid, "error");
      stage.setDefault(maxSkippedFraction, 0.1);
      stage.setDefault(maxBlockSizeInMB, 1.0);
      stage.setDefault(standardization, true);
      stage.setDefault(aggregationDepth, 2);
    }
  }

  /** Weight column; unset or empty means weight 1.0 for every row. */
  default Param<String> weightCol() {
    return group().weightCol;
  }

  default String getWeightCol() {
    return (String) getOrDefault(weightCol());
  }

  /** 'error' or 'skip' for invalid rows. */
  default Param<String> handleInvalid() {
    return group().handleInvalid;
  }

  default String getHandleInvalid() {
    return (String) getOrDefault(handleInvalid());
  }

  /** Target size of a cached block of rows, in MB. */
  default DoubleParam maxBlockSizeInMB() {
    return group().maxBlockSizeInMB;
  }

  default double getMaxBlockSizeInMB() {
    return (Double) getOrDefault(maxBlockSizeInMB());
  }

  /** Whether features are scaled to unit variance for training. */
  default BooleanParam standardization() {
    return group().standardization;
  }

  default boolean getStandardization() {
    return (Boolean) getOrDefault(standardization());
  }

  /** The depth of the tree partitions' sums are combined in (see {@code TreeAggregation}). */
  default IntParam aggregationDepth() {
    return group().aggregationDepth;
  }

  default int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth());
  }

  /** The largest fraction of the rows handleInvalid=skip may drop. */
  default DoubleParam maxSkippedFraction() {
    return group().maxSkippedFraction;
  }

  default double getMaxSkippedFraction() {
    return (Double) getOrDefault(maxSkippedFraction());
  }

  /** The weight column, or null when rows are unweighted. */
  default String weightColOrNull() {
    return isDefined(weightCol()) && !getWeightCol().isEmpty() ? getWeightCol() : null;
  }

  /** What a fit reads from its DataFrame, accepting the labels {@code labels} allows. */
  default InputSpec inputSpec(LabelRule labels) {
    return new InputSpec(getLabelCol(), weightColOrNull(), getFeaturesCol(), labels,
        "skip".equals(getHandleInvalid()), getMaxSkippedFraction(), getStandardization(),
        getMaxBlockSizeInMB(), getAggregationDepth());
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends InputParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setWeightCol(String value) {
      set(weightCol(), value);
      return self();
    }

    default S setHandleInvalid(String value) {
      set(handleInvalid(), value);
      return self();
    }

    default S setMaxSkippedFraction(double value) {
      set(maxSkippedFraction(), value);
      return self();
    }

    default S setMaxBlockSizeInMB(double value) {
      set(maxBlockSizeInMB(), value);
      return self();
    }

    default S setStandardization(boolean value) {
      set(standardization(), value);
      return self();
    }

    default S setAggregationDepth(int value) {
      set(aggregationDepth(), value);
      return self();
    }
  }
}
