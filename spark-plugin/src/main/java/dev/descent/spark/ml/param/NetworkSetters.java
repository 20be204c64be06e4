package dev.descent.spark.ml.param;

/** Setters for the {@link NetworkParams} of an estimator, returning the estimator itself. */
public interface NetworkSetters<S extends NetworkSetters<S>> extends NetworkParams {

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  default S setHiddenLayers(int... sizes) {
    set(hiddenLayers(), sizes);
    return self();
  }

  default S setActivation(String value) {
    set(activation(), value);
    return self();
  }

  default S setDropout(double value) {
    set(dropout(), value);
    return self();
  }

  default S setNumRestarts(int value) {
    set(numRestarts(), value);
    return self();
  }
}
