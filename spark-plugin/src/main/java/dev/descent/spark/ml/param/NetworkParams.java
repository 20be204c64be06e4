package dev.descent.spark.ml.param;

import dev.descent.spark.ml.nn.Activation;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** The shape and training of a neural network stage. */
public interface NetworkParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final IntArrayParam hiddenLayers;
    final Param<String> activation;
    final DoubleParam dropout;
    final IntParam numRestarts;

    Group(Params stage) {
      String uid = stage.uid();
      hiddenLayers = new IntArrayParam(stage, "hiddenLayers", "units of each hidden layer, input"
          + " side first (each >= 1); empty gives a linear model",
          (scala.Function1<int[], Object> & java.io.Serializable)
              sizes -> Arrays.stream(sizes).allMatch(s -> s >= 1));
      activation = StringParams.of(uid, "activation", "activation of the hidden layers,"
          + " one of " + Activation.NAMES + " (gelu is exact, with the normal CDF)",
          Choices.oneOf("activation", Activation.NAMES));
      dropout = new DoubleParam(stage, "dropout", "probability of zeroing each hidden activation"
          + " during training (inverted dropout), in [0, 1)",
          ParamValidators.inRange(0, 1, true, false));
      numRestarts = new IntParam(stage, "numRestarts", "number of trainings from different seeded"
          + " initializations (seed, seed + 1, ...); the best one is kept (>= 1)",
          ParamValidators.gtEq(1));
      stage.setDefault(hiddenLayers, new int[] {100});
      stage.setDefault(activation, "relu");
      stage.setDefault(dropout, 0.0);
      stage.setDefault(numRestarts, 1);
    }
  }

  /** Units of each hidden layer. */
  default IntArrayParam hiddenLayers() {
    return group().hiddenLayers;
  }

  default int[] getHiddenLayers() {
    return (int[]) getOrDefault(hiddenLayers());
  }

  /** Activation of the hidden layers: relu, tanh, sigmoid or gelu. */
  default Param<String> activation() {
    return group().activation;
  }

  default String getActivation() {
    return getOrDefault(activation());
  }

  /** Dropout probability of the hidden activations during training. */
  default DoubleParam dropout() {
    return group().dropout;
  }

  default double getDropout() {
    return (Double) getOrDefault(dropout());
  }

  /** Number of seeded restarts, of which the best is kept. */
  default IntParam numRestarts() {
    return group().numRestarts;
  }

  default int getNumRestarts() {
    return (Integer) getOrDefault(numRestarts());
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends NetworkParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setHiddenLayers(int... sizes) {
      set(hiddenLayers(), sizes);
      return self();
    }

    default S setActivation(String value) {
      set(activation(), value);
      return self();
    }

    default S setDropout(double value) {
      set(dropout(), value);
      return self();
    }

    default S setNumRestarts(int value) {
      set(numRestarts(), value);
      return self();
    }
  }
}
