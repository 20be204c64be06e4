package dev.descent.spark.ml.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The passes over every training row that one iteration of a full-batch optimizer has made,
 * kept by the point they were made at. The iteration ends on a point its line search evaluated,
 * and the epoch's objective pass, and the next iteration's first evaluation, are at that same
 * point: looking it up here spares those two Spark jobs. Points match bit for bit, which they
 * do because the optimizer moves to a point by the same arithmetic it evaluated it with.
 */
final class EvaluatedPoints {

  private final List<double[]> points = new ArrayList<>();
  private final List<BatchGradient> sums = new ArrayList<>();

  /** The sums at {@code point}: kept ones if it was evaluated, else {@code compute}'s, kept. */
  BatchGradient at(double[] point, Supplier<BatchGradient> compute) {
    for (int i = points.size() - 1; i >= 0; i--) {
      if (Arrays.equals(points.get(i), point)) {
        return sums.get(i);
      }
    }
    BatchGradient computed = compute.get();
    points.add(point.clone());
    sums.add(computed);
    return computed;
  }

  /** Forgets every point but {@code point}, whose sums are {@code atPoint}. */
  void keepOnly(double[] point, BatchGradient atPoint) {
    points.clear();
    sums.clear();
    points.add(point.clone());
    sums.add(atPoint);
  }
}
