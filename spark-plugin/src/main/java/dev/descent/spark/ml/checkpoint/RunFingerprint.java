package dev.descent.spark.ml.checkpoint;

import dev.descent.spark.ml.data.DataDigest;
import dev.descent.spark.ml.param.GradientDescentParams;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.param.Param;

/**
 * What determines the course of a run, as text by name: the stage class, the value of every
 * param that can change what an epoch computes (optimizer, hyperparameters, schedule, batch size,
 * shuffling, seed, loss, penalty, standardization, ...), whether rows are weighted, and the
 * data: its dimensions and its {@link DataDigest}. A checkpoint records it; resuming with a
 * different fingerprint would not continue the same run, so it is an error.
 *
 * <p>Params are included unless listed in {@link #INDEPENDENT}, so that a param added later is
 * checked by default.
 */
public final class RunFingerprint {

  /**
   * Params that do not change the epochs' results: when to stop, where checkpoints go, column
   * names, and output columns. The weight column's name is one, but whether there is one is not:
   * it is recorded as {@code weighted}, and the weights through the data's sums.
   */
  static final Set<String> INDEPENDENT = Set.of("maxIter", "tol", "checkpointDir",
      "checkpointInterval", "resumeFrom", "featuresCol", "labelCol", "weightCol",
      "predictionCol", "probabilityCol", "rawPredictionCol", "thresholds", "threshold",
      "descriptionCol", "handleInvalid", "synchronization");

  /**
   * The data's sums, which are bit for bit the same only for the same partitioning: with
   * another one, the row digest, which no partitioning changes, stands for them.
   */
  static final Set<String> LAYOUT_DEPENDENT =
      Set.of("data.weightSum", "data.labelSum", "data.featureSum");

  /** The key of the data's row digest, which checkpoints written before it was kept lack. */
  static final String ROW_DIGEST = "data.rowDigest";

  private RunFingerprint() {}

  /**
   * The fingerprint of a run of {@code stage} on the rows of {@code data}, of
   * {@code numFeatures} features, training {@code numOutputs} outputs.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, String> of(GradientDescentParams stage, DataDigest data,
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
    fingerprint.put("weighted", Boolean.toString(stage.weightColOrNull() != null));
    fingerprint.put("data.numRows", Long.toString(data.numRows()));
    fingerprint.put("data.numFeatures", Integer.toString(numFeatures));
    fingerprint.put("data.numOutputs", Integer.toString(numOutputs));
    fingerprint.put("data.weightSum", Double.toString(data.weightSum()));
    fingerprint.put("data.labelSum", Double.toString(data.labelSum()));
    fingerprint.put("data.featureSum", Double.toString(data.featureSum()));
    fingerprint.put(ROW_DIGEST, String.format("%016x", data.rows()));
    return fingerprint;
  }

  /**
   * The differences between a checkpoint's fingerprint and this fit's, one per line, or an empty
   * string if they match; the keys in {@code ignored} are not compared.
   */
  static String differences(Map<String, String> saved, Map<String, String> current,
      Set<String> ignored) {
    Map<String, String[]> differing = new TreeMap<>();
    for (String key : saved.keySet()) {
      if (!ignored.contains(key) && !saved.get(key).equals(current.get(key))) {
        differing.put(key, new String[] {saved.get(key), current.get(key)});
      }
    }
    for (String key : current.keySet()) {
      if (!ignored.contains(key) && !saved.containsKey(key)) {
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
