package dev.descent.spark.ml.loss;

/** Label checks shared by the multi-class losses. */
final class MultiClassLabels {

  private MultiClassLabels() {}

  static String error(double label, int numClasses) {
    if (label < 0 || label >= numClasses || label != Math.rint(label)) {
      return "class labels must be integers in [0, " + (numClasses - 1) + "]";
    }
    return null;
  }
}
