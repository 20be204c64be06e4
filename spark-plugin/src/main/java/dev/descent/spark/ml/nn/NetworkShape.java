package dev.descent.spark.ml.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The sizes of a fully connected network's layers, input first and outputs last, and where each
 * layer's parameters sit in the flat parameter vector: for layer l (1-based, mapping size[l-1]
 * inputs to size[l] units) its weights as a column-major size[l] x size[l-1] matrix, then its
 * size[l] biases.
 */
public final class NetworkShape implements Serializable {

  private final int[] sizes;
  private final int[] offsets;

  public NetworkShape(int... sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException("a network needs an input and an output layer, got "
          + Arrays.toString(sizes));
    }
    for (int s : sizes) {
      if (s < 1) {
        throw new IllegalArgumentException("every layer needs at least one unit, got "
            + Arrays.toString(sizes));
      }
    }
    this.sizes = sizes.clone();
    this.offsets = new int[sizes.length];
    long offset = 0;
    for (int l = 1; l < sizes.length; l++) {
      offsets[l] = (int) offset;
      offset += (long) sizes[l] * (sizes[l - 1] + 1);
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("network " + Arrays.toString(sizes) + " has more than"
            + " 2^31 parameters");
      }
    }
    offsets[0] = (int) offset;
  }

  /** Number of weight layers. */
  public int numLayers() {
    return sizes.length - 1;
  }

  /** Units of layer {@code l}: 0 is the input, {@link #numLayers()} the output. */
  public int size(int l) {
    return sizes[l];
  }

  public int numInputs() {
    return sizes[0];
  }

  public int numOutputs() {
    return sizes[sizes.length - 1];
  }

  /** Where layer l's weights start (l in 1..numLayers). */
  public int weightOffset(int l) {
    return offsets[l];
  }

  /** Where layer l's biases start. */
  public int biasOffset(int l) {
    return offsets[l] + sizes[l] * sizes[l - 1];
  }

  /** Where each layer's weights start, layer 1 first: the penalized ranges begin here. */
  public int[] weightStarts() {
    int[] starts = new int[numLayers()];
    for (int l = 1; l <= numLayers(); l++) {
      starts[l - 1] = weightOffset(l);
    }
    return starts;
  }

  /** Where each layer's weights end (its biases begin). */
  public int[] weightEnds() {
    int[] ends = new int[numLayers()];
    for (int l = 1; l <= numLayers(); l++) {
      ends[l - 1] = biasOffset(l);
    }
    return ends;
  }

  /**
   * The parameters of a network of {@code inputs}, {@code hidden} and {@code outputs} units, in
   * long arithmetic: a check before building it.
   */
  public static long numParameters(int inputs, int[] hidden, int outputs) {
    long total = 0;
    int previous = inputs;
    for (int l = 0; l <= hidden.length; l++) {
      int size = l < hidden.length ? hidden[l] : outputs;
      total += (long) size * (previous + 1);
      previous = size;
    }
    return total;
  }

  /** Total number of parameters. */
  public int numParameters() {
    return offsets[0];
  }

  /** The widest layer, for sizing work arrays. */
  public int maxWidth() {
    return Arrays.stream(sizes).max().getAsInt();
  }

  public int[] sizes() {
    return sizes.clone();
  }

  @Override
  public String toString() {
    return Arrays.toString(sizes);
  }
}
