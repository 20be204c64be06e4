package dev.descent.spark.ml.data;

import java.io.Serializable;

/**
 * What a fit reads from its DataFrame and how: the columns (weightCol null when rows are
 * unweighted), the accepted labels, whether invalid rows fail the fit or are skipped and which
 * fraction of the rows skipping may drop before the fit fails, whether to
 * scale features to unit standard deviation, the target size of a cached block, and the depth of
 * the tree the partitions' statistics are merged in (see
 * {@link dev.descent.spark.ml.util.TreeAggregation}).
 */
public record InputSpec(
    String labelCol,
    String weightCol,
    String featuresCol,
    LabelRule labelRule,
    boolean skipInvalid,
    double maxSkippedFraction,
    boolean standardize,
    double maxBlockSizeInMB,
    int aggregationDepth) implements Serializable {}
