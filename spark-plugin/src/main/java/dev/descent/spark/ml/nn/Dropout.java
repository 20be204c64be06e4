package dev.descent.spark.ml.nn;

import java.util.SplittableRandom;

/**
 * Inverted dropout (Srivastava et al. 2014, as {@code torch.nn.Dropout} in training mode): each
 * hidden activation is zeroed with probability {@code rate} and the kept ones are scaled by
 * 1 / (1 - rate), so prediction needs no rescaling. The masks come from a seeded generator, so a
 * fit is reproducible; seed it per step and block.
 */
public final class Dropout {

  private final double rate;
  private final SplittableRandom random;

  public Dropout(double rate, long seed) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + rate);
    }
    this.rate = rate;
    this.random = new SplittableRandom(seed);
  }

  /** A mask of {@code n} entries, each 0 or 1 / (1 - rate). */
  double[] mask(int n) {
    double[] mask = new double[n];
    double keep = 1.0 / (1.0 - rate);
    for (int i = 0; i < n; i++) {
      mask[i] = random.nextDouble() >= rate ? keep : 0.0;
    }
    return mask;
  }
}
