package dev.descent.spark.ml.data;

import java.io.Serializable;

/**
 * What a fit reads from its DataFrame and how: the columns (weightCol null when rows are
 * unweighted), the accepted labels, whether invalid rows fail the fit or are skipped, whether to
 * scale features to unit standard deviation, and the target size of a cached block.
 */
public record InputSpec(
    String labelCol,
    String weightCol,
    String featuresCol,
    LabelRule labelRule,
    boolean skipInvalid,
    boolean standardize,
    double maxBlockSizeInMB) implements Serializable {}
