package dev.descent.spark.ml.data;

/**
 * What identifies a fit's training rows, gathered by the pass that loads them: the row count,
 * the sums of the weights, of the weighted labels and of the weighted feature values (over every
 * feature), and the {@link RowDigest} of the rows. The sums are added in the rows' order and
 * then partition by partition, so they are the same bit for bit for the same data and
 * partitioning; the row digest is the same for the same rows however they are partitioned.
 */
public record DataDigest(long numRows, double weightSum, double labelSum, double featureSum,
    long rows) {}
