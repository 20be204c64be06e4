package dev.descent.spark.ml.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.loss.LogLoss;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.loss.SoftmaxLoss;
import dev.descent.spark.ml.loss.SquaredLoss;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class NetworkTest {

  private static final int BATCH = 5;

  /** Checks the backpropagated gradient against central differences of the batch loss. */
  private static void assertGradientMatchesFiniteDifferences(Network net, Loss loss,
      double[] labels, Double dropout) {
    Random random = new Random(3);
    NetworkShape shape = net.shape();
    double[] params = net.initialParameters(17);
    for (int i = 0; i < params.length; i++) {
      params[i] += 0.1 * random.nextGaussian(); // non-zero biases too
    }
    double[] inputs = new double[shape.numInputs() * BATCH];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = random.nextGaussian();
    }
    double[] weights = {1.0, 0.5, 2.0, 0.0, 1.5};
    double[] gradient = new double[params.length];
    net.lossAndGradient(params, inputs, BATCH, labels, weights, loss,
        dropout == null ? null : new Dropout(dropout, 5), gradient);
    for (int i = 0; i < params.length; i++) {
      double h = 1e-6;
      double[] up = params.clone();
      double[] down = params.clone();
      up[i] += h;
      down[i] -= h;
      double numeric = (lossOf(net, up, inputs, labels, weights, loss, dropout)
          - lossOf(net, down, inputs, labels, weights, loss, dropout)) / (2 * h);
      assertEquals(numeric, gradient[i], 2e-6 * Math.max(1, Math.abs(numeric)),
          net.activation() + " parameter " + i);
    }
  }

  private static double lossOf(Network net, double[] params, double[] inputs, double[] labels,
      double[] weights, Loss loss, Double dropout) {
    return net.lossAndGradient(params, inputs, BATCH, labels, weights, loss,
        dropout == null ? null : new Dropout(dropout, 5), new double[params.length]);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void backpropagationMatchesFiniteDifferences(Activation activation) {
    assertGradientMatchesFiniteDifferences(
        new Network(new NetworkShape(4, 6, 5, 3), activation), new SoftmaxLoss(3),
        new double[] {0, 2, 1, 1, 0}, null);
    assertGradientMatchesFiniteDifferences(new Network(new NetworkShape(3, 4, 1), activation),
        new SquaredLoss(), new double[] {0.5, -1, 2, 0, 1}, null);
    assertGradientMatchesFiniteDifferences(new Network(new NetworkShape(3, 1), activation),
        new LogLoss(), new double[] {0, 1, 1, 0, 1}, null);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void backpropagationThroughDropoutUsesTheSameMask(Activation activation) {
    assertGradientMatchesFiniteDifferences(
        new Network(new NetworkShape(4, 8, 6, 2), activation), new SoftmaxLoss(2),
        new double[] {0, 1, 1, 0, 1}, 0.3);
  }

  /**
   * Every activation's value and derivative against its closed form, written here from the
   * definitions (a leaky or shifted variant fails), and NaN in gives NaN out, as in PyTorch.
   */
  @Test
  void activationsMatchTheirClosedFormsAndPropagateNaN() {
    for (double z : new double[] {-3.0, -0.5, 0.0, 0.25, 2.0}) {
      double sigmoid = 1 / (1 + Math.exp(-z));
      double phi = 0.5 * (1 + org.apache.commons.math3.special.Erf.erf(z / Math.sqrt(2)));
      double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
      double[][] expected = {
          {Math.max(0, z), z > 0 ? 1 : 0},
          {Math.tanh(z), 1 - Math.tanh(z) * Math.tanh(z)},
          {sigmoid, sigmoid * (1 - sigmoid)},
          {z * phi, phi + z * density}};
      Activation[] activations = {Activation.RELU, Activation.TANH, Activation.SIGMOID,
          Activation.GELU};
      for (int k = 0; k < activations.length; k++) {
        double a = activations[k].apply(z);
        assertEquals(expected[k][0], a, 1e-12, activations[k] + " at " + z);
        assertEquals(expected[k][1], activations[k].derivative(z, a), 1e-12,
            activations[k] + "' at " + z);
      }
    }
    for (Activation activation : Activation.values()) {
      assertTrue(Double.isNaN(activation.apply(Double.NaN)), activation + " of NaN");
    }
  }

  @Test
  void forwardPassMatchesALoopAndTheSingleRowPath() {
    Network net = new Network(new NetworkShape(3, 4, 2), Activation.TANH);
    NetworkShape shape = net.shape();
    double[] params = net.initialParameters(1);
    for (int i = 0; i < params.length; i++) {
      params[i] += 0.01 * i;
    }
    double[] x = {0.3, -1.2, 2.0};
    double[] hidden = new double[4];
    for (int i = 0; i < 4; i++) {
      double z = params[shape.biasOffset(1) + i];
      for (int j = 0; j < 3; j++) {
        z += params[shape.weightOffset(1) + j * 4 + i] * x[j];
      }
      hidden[i] = Math.tanh(z);
    }
    double[] expected = new double[2];
    for (int k = 0; k < 2; k++) {
      expected[k] = params[shape.biasOffset(2) + k];
      for (int i = 0; i < 4; i++) {
        expected[k] += params[shape.weightOffset(2) + i * 2 + k] * hidden[i];
      }
    }
    double[] out = new double[2];
    net.outputs(params, x, out);
    assertEquals(expected[0], out[0], 1e-14);
    assertEquals(expected[1], out[1], 1e-14);
    // The batch path gives the same margins: squared loss against label 0 of a 1-output net.
    Network single = new Network(new NetworkShape(3, 4, 1), Activation.TANH);
    double[] p1 = single.initialParameters(2);
    double[] o1 = new double[1];
    single.outputs(p1, x, o1);
    double loss = single.lossAndGradient(p1, x, 1, new double[] {0}, new double[] {1},
        new SquaredLoss(), null, new double[p1.length]);
    assertEquals(0.5 * o1[0] * o1[0], loss, 1e-14);
  }

  @Test
  void initializationFollowsHeAndXavier() {
    NetworkShape shape = new NetworkShape(400, 300, 10);
    double[] relu = new Network(shape, Activation.RELU).initialParameters(7);
    double[] tanh = new Network(shape, Activation.TANH).initialParameters(7);
    int n = 400 * 300;
    double sumSq = 0;
    double maxAbs = 0;
    for (int i = 0; i < n; i++) {
      sumSq += relu[shape.weightOffset(1) + i] * relu[shape.weightOffset(1) + i];
      maxAbs = Math.max(maxAbs, Math.abs(tanh[shape.weightOffset(1) + i]));
    }
    assertEquals(2.0 / 400, sumSq / n, 0.02 * 2.0 / 400);
    double xavier = Math.sqrt(6.0 / 700);
    assertTrue(maxAbs <= xavier && maxAbs > 0.99 * xavier, "" + maxAbs);
    for (int i = 0; i < 300; i++) {
      assertEquals(0.0, relu[shape.biasOffset(1) + i]);
    }
    // The output layer is Xavier even under ReLU; the same seed gives the same parameters.
    double outBound = Math.sqrt(6.0 / 310);
    for (int i = 0; i < 3000; i++) {
      assertTrue(Math.abs(relu[shape.weightOffset(2) + i]) <= outBound);
    }
    assertEquals(relu[123], new Network(shape, Activation.RELU).initialParameters(7)[123]);
  }

  @Test
  void badShapesAndRatesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new NetworkShape(3));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new NetworkShape(3, 0, 2))
        .getMessage().contains("[3, 0, 2]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, 1))
        .getMessage().contains("1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Activation.named("swish"))
        .getMessage().contains("relu"));
  }
}
