package dev.descent.spark.ml.param;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Params of the neural network stages and their models. */
public interface NetworkParams extends Params {

  NetworkParamSet networkParams();

  /** Units of each hidden layer. */
  default IntArrayParam hiddenLayers() {
    return networkParams().hiddenLayers;
  }

  default int[] getHiddenLayers() {
    return (int[]) getOrDefault(hiddenLayers());
  }

  /** Activation of the hidden layers: relu, tanh, sigmoid or gelu. */
  default Param<String> activation() {
    return networkParams().activation;
  }

  default String getActivation() {
    return getOrDefault(activation());
  }

  /** Dropout probability of the hidden activations during training. */
  default DoubleParam dropout() {
    return networkParams().dropout;
  }

  default double getDropout() {
    return (Double) getOrDefault(dropout());
  }

  /** Number of seeded restarts, of which the best is kept. */
  default IntParam numRestarts() {
    return networkParams().numRestarts;
  }

  default int getNumRestarts() {
    return (Integer) getOrDefault(numRestarts());
  }
}
