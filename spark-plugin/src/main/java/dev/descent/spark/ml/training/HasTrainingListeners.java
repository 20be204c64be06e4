package dev.descent.spark.ml.training;

import java.util.List;

/**
 * An estimator that calls {@link TrainingListener}s after each epoch of its fits. Listeners are
 * not params: they are not saved with the estimator, and its {@code copy} (which
 * {@code CrossValidator} and {@code Pipeline} use) gives the copy the same listeners.
 *
 * @param <S> the estimator, which the setters return
 */
public interface HasTrainingListeners<S extends HasTrainingListeners<S>> {

  /**
   * The training listeners, in the order they are called: the estimator's own list, which
   * {@link #addTrainingListener} and {@link #clearTrainingListeners} change.
   */
  List<TrainingListener> trainingListeners();

  /** Adds a listener called on the driver after each epoch of every later {@code fit}. */
  @SuppressWarnings("unchecked")
  default S addTrainingListener(TrainingListener listener) {
    if (listener == null) {
      throw new IllegalArgumentException("the training listener is null");
    }
    trainingListeners().add(listener);
    return (S) this;
  }

  /** Removes every training listener. */
  @SuppressWarnings("unchecked")
  default S clearTrainingListeners() {
    trainingListeners().clear();
    return (S) this;
  }
}
