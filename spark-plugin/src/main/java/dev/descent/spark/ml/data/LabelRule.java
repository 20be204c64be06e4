package dev.descent.spark.ml.data;

import java.io.Serializable;

/** Which label values a fit accepts. */
@FunctionalInterface
public interface LabelRule extends Serializable {

  /** Why {@code label} is not accepted (completing "label X is invalid: ..."), or null. */
  String error(double label);

  /** Class labels: integers in [0, maxClasses). */
  static LabelRule classes(int maxClasses) {
    return label -> label >= 0 && label < maxClasses && label == Math.rint(label)
        ? null
        : "class labels must be integers in [0, " + (maxClasses - 1) + "]";
  }
}
