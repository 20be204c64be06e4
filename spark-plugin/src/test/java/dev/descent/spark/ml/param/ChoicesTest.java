package dev.descent.spark.ml.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A name outside a param's choices fails naming the param, the value and every choice. */
class ChoicesTest {

  private static void assertRejected(String expected, Executable set) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, set).getMessage());
  }

  @Test
  void everyNamedChoiceListsTheValidOnes() {
    assertRejected("optimizer 'adamm' is not known; use one of [auto, sgd, adam, adamw, adagrad,"
        + " rmsprop, adadelta, adamax, nadam, radam, rprop, asgd, lbfgs]",
        () -> new LinearClassifier().setOptimizer("adamm"));
    assertRejected("lrSchedule 'cosin' is not known; use one of [constant, step, multistep,"
        + " exponential, cosine, invscaling, inverse_sqrt, plateau]",
        () -> new LinearClassifier().setLrSchedule("cosin"));
    assertRejected("handleInvalid 'keep' is not known; use one of [error, skip]",
        () -> new LinearClassifier().setHandleInvalid("keep"));
    assertRejected("epochObjective 'fast' is not known; use one of [exact, running]",
        () -> new LinearClassifier().setEpochObjective("fast"));
    assertRejected("activation 'elu' is not known; use one of [relu, tanh, sigmoid, gelu]",
        () -> new MLPClassifier().setActivation("elu"));
  }
}
