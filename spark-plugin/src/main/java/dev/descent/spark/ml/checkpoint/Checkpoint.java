package dev.descent.spark.ml.checkpoint;

import dev.descent.spark.ml.engine.TrainingState;
import java.util.Map;

/**
 * A training state as saved, with the fingerprint of the run that saved it (see
 * {@link RunFingerprint}) and the row layout of its data (rows per block, per partition).
 */
public record Checkpoint(TrainingState state, Map<String, String> fingerprint, String layout) {}
