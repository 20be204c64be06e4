package dev.descent.spark.ml.engine;

import static dev.descent.spark.ml.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void normAboveTheMaximumIsScaledDown() {
    double[] g = {3, -4, 0}; // norm 5
    new GradientClipping(1.0, Double.NaN).apply(g);
    double scale = 1.0 / (5 + 1e-6);
    assertClose(new double[] {3 * scale, -4 * scale, 0}, g, 1e-15, "clip_grad_norm_");
    assertTrue(GradientClipping.norm(g) < 1.0);
  }

  @Test
  void normBelowTheMaximumIsUnchanged() {
    double[] g = {3, -4, 0};
    new GradientClipping(10.0, Double.NaN).apply(g);
    assertArrayEquals(new double[] {3, -4, 0}, g);
    double[] atMax = {3, -4};
    new GradientClipping(5.0, Double.NaN).apply(atMax);
    assertClose(new double[] {3 * 5 / (5 + 1e-6), -4 * 5 / (5 + 1e-6)}, atMax, 1e-15,
        "at the maximum PyTorch's 1e-6 still scales slightly");
  }

  @Test
  void valueClippingClampsEachEntry() {
    double[] g = {0.5, -2, 3, -0.1};
    new GradientClipping(Double.NaN, 1.0).apply(g);
    assertArrayEquals(new double[] {0.5, -1, 1, -0.1}, g);
  }

  @Test
  void valueClippingComesBeforeNormClipping() {
    double[] g = {10, -10, 0.5};
    new GradientClipping(1.0, 2.0).apply(g);
    // Clamped to {2, -2, 0.5}, norm sqrt(8.25), then scaled to norm ~1.
    double norm = Math.sqrt(8.25);
    double scale = 1.0 / (norm + 1e-6);
    assertClose(new double[] {2 * scale, -2 * scale, 0.5 * scale}, g, 1e-15, "value then norm");
  }

  @Test
  void noneLeavesTheGradientAlone() {
    double[] g = {1e300, -1e-300};
    GradientClipping none = GradientClipping.none();
    assertFalse(none.isActive());
    none.apply(g);
    assertArrayEquals(new double[] {1e300, -1e-300}, g);
    assertTrue(new GradientClipping(1, Double.NaN).isActive());
  }

  @Test
  void nonPositiveLimitsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GradientClipping(0, Double.NaN));
    assertEquals("clipGradNorm must be positive, got 0.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GradientClipping(1, -1));
    assertEquals("clipGradValue must be positive, got -1.0", e.getMessage());
  }
}
