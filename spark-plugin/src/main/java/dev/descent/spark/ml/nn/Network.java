package dev.descent.spark.ml.nn;

import dev.descent.spark.ml.loss.Loss;
import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A fully connected feed-forward network: hidden layers with one {@link Activation}, a linear
 * output layer whose outputs are the margins a {@link Loss} takes (sigmoid or softmax come from
 * the loss, as in PyTorch's {@code BCEWithLogitsLoss}/{@code CrossEntropyLoss}). Parameters live
 * in one flat array laid out by {@link NetworkShape}.
 *
 * <p>A batch is processed column by column: the inputs are a column-major matrix with one column
 * per row of data, so each layer's forward pass is one {@code dgemm} ({@code Z = W A + b}) and the
 * backward pass two ({@code dW += D A^T}, {@code G = W^T D}).
 */
public final class Network implements Serializable {

  private final NetworkShape shape;
  private final Activation activation;

  public Network(NetworkShape shape, Activation activation) {
    this.shape = shape;
    this.activation = activation;
  }

  public NetworkShape shape() {
    return shape;
  }

  public Activation activation() {
    return activation;
  }

  /**
   * Seeded initial parameters: weights feeding a ReLU or GELU layer drawn from He's normal
   * N(0, 2 / fanIn) (He et al. 2015), others (and the output layer) from Xavier's uniform
   * U(-a, a), a = sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio 2010); biases zero.
   */
  public double[] initialParameters(long seed) {
    double[] params = new double[shape.numParameters()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int l = 1; l <= shape.numLayers(); l++) {
      int fanIn = shape.size(l - 1);
      int fanOut = shape.size(l);
      boolean he = l < shape.numLayers() && activation.usesHeInitialization();
      double heStd = Math.sqrt(2.0 / fanIn);
      double xavier = Math.sqrt(6.0 / (fanIn + fanOut));
      int offset = shape.weightOffset(l);
      for (int i = 0; i < fanIn * fanOut; i++) {
        params[offset + i] = he ? heStd * gaussian(random) : xavier * (2 * random.nextDouble() - 1);
      }
    }
    return params;
  }

  /** The output margins for one row of (already standardized) features. */
  public void outputs(double[] params, double[] features, double[] out) {
    double[] a = features;
    for (int l = 1; l <= shape.numLayers(); l++) {
      int rows = shape.size(l);
      double[] z = new double[rows];
      System.arraycopy(params, shape.biasOffset(l), z, 0, rows);
      BLAS.getInstance().dgemv("N", rows, shape.size(l - 1), 1.0, params, shape.weightOffset(l),
          rows, a, 0, 1, 1.0, z, 0, 1);
      if (l < shape.numLayers()) {
        for (int i = 0; i < rows; i++) {
          z[i] = activation.apply(z[i]);
        }
      }
      a = z;
    }
    System.arraycopy(a, 0, out, 0, out.length);
  }

  /**
   * Adds to {@code gradient} the gradient of sum_j w_j * loss(outputs_j, y_j) over a batch and
   * returns that sum.
   *
   * @param inputs column-major numInputs x batch matrix, one column per row
   * @param dropout inverted dropout on the hidden activations (training only), or null
   */
  public double lossAndGradient(double[] params, double[] inputs, int batch, double[] labels,
      double[] weights, Loss loss, Dropout dropout, double[] gradient) {
    int layers = shape.numLayers();
    BLAS blas = BLAS.getInstance();
    // z[l], a[l]: pre-activations and activations of layer l (a[0] is the input); kept[l] the
    // activations after dropout, which feed layer l + 1; mask[l] the dropout scale per unit.
    double[][] z = new double[layers + 1][];
    double[][] a = new double[layers + 1][];
    double[][] kept = new double[layers + 1][];
    double[][] mask = new double[layers + 1][];
    a[0] = inputs;
    kept[0] = inputs;
    for (int l = 1; l <= layers; l++) {
      int rows = shape.size(l);
      int cols = shape.size(l - 1);
      z[l] = new double[rows * batch];
      for (int j = 0; j < batch; j++) {
        System.arraycopy(params, shape.biasOffset(l), z[l], j * rows, rows);
      }
      blas.dgemm("N", "N", rows, batch, cols, 1.0, params, shape.weightOffset(l), rows,
          kept[l - 1], 0, cols, 1.0, z[l], 0, rows);
      if (l < layers) {
        a[l] = new double[rows * batch];
        for (int i = 0; i < a[l].length; i++) {
          a[l][i] = activation.apply(z[l][i]);
        }
        if (dropout != null) {
          mask[l] = dropout.mask(rows * batch);
          kept[l] = new double[rows * batch];
          for (int i = 0; i < kept[l].length; i++) {
            kept[l][i] = a[l][i] * mask[l][i];
          }
        } else {
          kept[l] = a[l];
        }
      }
    }
    // Output deltas: w_j * d loss / d margin for each column.
    int outputs = shape.numOutputs();
    double[] delta = new double[outputs * batch];
    double[] margins = new double[outputs];
    double[] marginGradient = new double[outputs];
    double lossSum = 0.0;
    for (int j = 0; j < batch; j++) {
      double w = weights[j];
      if (w == 0) {
        continue;
      }
      System.arraycopy(z[layers], j * outputs, margins, 0, outputs);
      lossSum += w * loss.lossAndGradient(margins, labels[j], marginGradient);
      for (int k = 0; k < outputs; k++) {
        delta[j * outputs + k] = w * marginGradient[k];
      }
    }
    for (int l = layers; l >= 1; l--) {
      int rows = shape.size(l);
      int cols = shape.size(l - 1);
      blas.dgemm("N", "T", rows, cols, batch, 1.0, delta, 0, rows, kept[l - 1], 0, cols, 1.0,
          gradient, shape.weightOffset(l), rows);
      int bias = shape.biasOffset(l);
      for (int j = 0; j < batch; j++) {
        for (int i = 0; i < rows; i++) {
          gradient[bias + i] += delta[j * rows + i];
        }
      }
      if (l > 1) {
        double[] below = new double[cols * batch];
        blas.dgemm("T", "N", cols, batch, rows, 1.0, params, shape.weightOffset(l), rows, delta,
            0, rows, 0.0, below, 0, cols);
        for (int i = 0; i < below.length; i++) {
          double d = below[i] * activation.derivative(z[l - 1][i], a[l - 1][i]);
          below[i] = mask[l - 1] == null ? d : d * mask[l - 1][i];
        }
        delta = below;
      }
    }
    return lossSum;
  }

  /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian in Java 17). */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
