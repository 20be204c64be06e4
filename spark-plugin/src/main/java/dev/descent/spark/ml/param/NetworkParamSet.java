package dev.descent.spark.ml.param;

import dev.descent.spark.ml.nn.Activation;
import java.util.Arrays;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** The params that shape a neural network stage, on top of its gradient-descent params. */
public final class NetworkParamSet implements java.io.Serializable {

  public final IntArrayParam hiddenLayers;
  public final Param<String> activation;
  public final DoubleParam dropout;
  public final IntParam numRestarts;

  public NetworkParamSet(Params stage) {
    hiddenLayers = new IntArrayParam(stage, "hiddenLayers", "units of each hidden layer, input"
        + " side first (each >= 1); empty gives a linear model",
        (scala.Function1<int[], Object> & java.io.Serializable)
            sizes -> Arrays.stream(sizes).allMatch(s -> s >= 1));
    activation = StringParams.of(stage.uid(), "activation", "activation of the hidden layers,"
        + " one of " + Activation.NAMES + " (gelu is exact, with the normal CDF)",
        ParamValidators.inArray(Activation.NAMES));
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
