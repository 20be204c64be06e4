package dev.descent.spark.ml.checkpoint;

import dev.descent.spark.ml.param.GradientDescentParams;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.param.Param;

/**
 * What determines the course of a run, as text by name: the stage class, the value of every
 * param that can change what an epoch computes (optimizer, hyperparameters, schedule, batch size,
 * shuffling, seed, loss, penalty, standardization, ...) and the data's dimensions. A checkpoint
 * records it; resuming with a different fingerprint would not continue the same run, so it is an
 * error.
 *
 * <p>Params are included unless listed in {@link #INDEPENDENT}, so that a param added later is
 * checked by default.
 */
public final class RunFingerprint {

  /**
   * Params that do not change the epochs' results: when to stop, where checkpoints go, column
   * names, and output columns.
   */
  static final Set<String> INDEPENDENT = Set.of("maxIter", "tol", "checkpointDir",
      "checkpointInterval", "resumeFrom", "featuresCol", "labelCol", "weightCol",
      "predictionCol", "probabilityCol", "rawPredictionCol", "thresholds", "threshold",
      "descriptionCol", "handleInvalid");

  private RunFingerprint() {}

  /**
   * The fingerprint of a run of {@code stage} on data of {@code numRows} rows of
   * {@code numFeatures} features, training {@code numOutputs} outputs.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, String> of(GradientDescentParams stage, long numRows,
      int numFeatures, int numOutputs) {
    Map<String, String> fingerprint = new TreeMap<>();
    fingerprint.put("stage", stage.getClass().getName());
    for (Param<?> param : stage.params()) {
      if (!INDEPENDENT.contains(param.name()) && stage.isDefined(param)) {
        fingerprint.put(param.name(),
            ((Param<Object>) param).jsonEncode(stage.getOrDefault(param)));
      }
    }
    // Params whose unset value depends on others: record the value in effect.
    fingerprint.put("learningRate", Double.toString(stage.getLearningRate()));
    if ("cosine".equals(stage.getLrSchedule())) {
      fingerprint.put("cosineEpochs", Integer.toString(stage.getCosineEpochs()));
    } else {
      fingerprint.remove("cosineEpochs");
    }
    fingerprint.put("data.numRows", Long.toString(numRows));
    fingerprint.put("data.numFeatures", Integer.toString(numFeatures));
    fingerprint.put("data.numOutputs", Integer.toString(numOutputs));
    return fingerprint;
  }

  /**
   * The differences between a checkpoint's fingerprint and this fit's, one per line, or an empty
   * string if they match.
   */
  static String differences(Map<String, String> saved, Map<String, String> current) {
    Map<String, String[]> differing = new TreeMap<>();
    for (String key : saved.keySet()) {
      if (!saved.get(key).equals(current.get(key))) {
        differing.put(key, new String[] {saved.get(key), current.get(key)});
      }
    }
    for (String key : current.keySet()) {
      if (!saved.containsKey(key)) {
        differing.put(key, new String[] {null, current.get(key)});
      }
    }
    StringBuilder text = new StringBuilder();
    differing.forEach((key, values) -> text.append("\n  ").append(key).append(": checkpoint ")
        .append(values[0] == null ? "(unset)" : values[0]).append(", this fit ")
        .append(values[1] == null ? "(unset)" : values[1]));
    return text.toString();
  }
}
