package dev.descent.spark.ml.data;

/**
 * A 64-bit digest of rows (label, weight, non-zero features) that no order or partitioning of
 * them changes: the sum, modulo 2^64, of a hash of each row. Integer sums are exact, so the
 * digest of the partitions' digests is the same however the rows are split; and since a row's
 * hash mixes its label, weight and features together, any changed value changes the digest (but
 * for a chance of about 2^-64), a label moved to another row included, which no sum of labels
 * sees.
 */
final class RowDigest {

  private RowDigest() {}

  /**
   * The hash of one row whose features are {@code values[from, to)}: at features
   * {@code indices[from, to)} or, with {@code indices} null, at features 0 to
   * {@code to - from}. Zeros are skipped, so that a dense and a sparse block of the same rows
   * agree.
   */
  static long row(double label, double weight, int[] indices, double[] values, int from,
      int to) {
    long features = 0;
    for (int p = from; p < to; p++) {
      if (values[p] != 0.0) {
        int j = indices == null ? p - from : indices[p];
        features += mix(Double.doubleToLongBits(values[p]) ^ mix(j));
      }
    }
    return mix(mix(mix(Double.doubleToLongBits(label)) + Double.doubleToLongBits(weight))
        + features);
  }

  /** SplitMix64's finalizer: a bijection that spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
