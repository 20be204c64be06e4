package dev.descent.spark.ml.engine;

/** Derives independent, reproducible seeds from a fit's seed and a position (epoch, partition, ...). */
final class Seeds {

  private Seeds() {}

  /** SplitMix64's finalizer folded over the parts: well-mixed and stable across JVMs. */
  static long mix(long seed, long... parts) {
    long h = seed;
    for (long part : parts) {
      h = finalize(h ^ finalize(part + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  private static long finalize(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** 0, 1, ..., n-1. */
  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  static int[] permutation(int n, long seed) {
    int[] order = identity(n);
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
