package dev.descent.spark.ml.engine;

/**
 * Gradient clipping as PyTorch's {@code torch.nn.utils} does it, applied to the full gradient the
 * optimizer receives (data term plus the L2 penalty's gradient), over all parameters together,
 * coefficients and intercepts alike:
 *
 * <ul>
 *   <li>value clipping ({@code clip_grad_value_}): each entry is clamped to {@code [-c, c]};
 *   <li>norm clipping ({@code clip_grad_norm_}, L2 norm): every entry is multiplied by
 *       {@code min(1, maxNorm / (||g||_2 + 1e-6))}.
 * </ul>
 *
 * When both are set, value clipping comes first and norm clipping sees the clamped gradient, so
 * the result's norm is at most {@code maxNorm} and no entry exceeds {@code c} in absolute value.
 * NaN means unset for either.
 */
public final class GradientClipping implements java.io.Serializable {

  private static final double EPS = 1e-6;

  private final double maxNorm;
  private final double maxValue;

  /**
   * @param maxNorm the largest L2 norm (> 0), or NaN for no norm clipping
   * @param maxValue the largest absolute entry (> 0), or NaN for no value clipping
   */
  public GradientClipping(double maxNorm, double maxValue) {
    if (!Double.isNaN(maxNorm) && !(maxNorm > 0)) {
      throw new IllegalArgumentException("clipGradNorm must be positive, got " + maxNorm);
    }
    if (!Double.isNaN(maxValue) && !(maxValue > 0)) {
      throw new IllegalArgumentException("clipGradValue must be positive, got " + maxValue);
    }
    this.maxNorm = maxNorm;
    this.maxValue = maxValue;
  }

  /** No clipping. */
  public static GradientClipping none() {
    return new GradientClipping(Double.NaN, Double.NaN);
  }

  public boolean isActive() {
    return !Double.isNaN(maxNorm) || !Double.isNaN(maxValue);
  }

  /** Clips {@code gradient} in place: value clipping, then norm clipping. */
  public void apply(double[] gradient) {
    if (!Double.isNaN(maxValue)) {
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] = Math.max(-maxValue, Math.min(maxValue, gradient[i]));
      }
    }
    if (!Double.isNaN(maxNorm)) {
      double scale = Math.min(1.0, maxNorm / (norm(gradient) + EPS));
      if (scale < 1.0) {
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] *= scale;
        }
      }
    }
  }

  /** The L2 norm of {@code values}. */
  static double norm(double[] values) {
    double sum = 0.0;
    for (double v : values) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }
}
