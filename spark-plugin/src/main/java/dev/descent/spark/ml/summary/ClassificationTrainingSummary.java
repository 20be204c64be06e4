package dev.descent.spark.ml.summary;

import dev.descent.spark.ml.training.TrainingSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A classification model's summary after {@code fit}: the training figures, and the metrics of
 * the model on its training rows (validation rows excluded), computed when first asked for.
 */
public final class ClassificationTrainingSummary extends ClassificationSummary
    implements TrainingHistory {

  private final TrainingSummary training;

  /** @param metrics the model's metrics on its training rows */
  public ClassificationTrainingSummary(TrainingSummary training, ClassificationSummary metrics) {
    super(metrics, "training rows");
    this.training = training;
  }

  @Override
  public TrainingSummary training() {
    return training;
  }

  /**
   * Writes {@code training-curves.png} and, for a binary model, {@code roc-training.png} and
   * {@code pr-training.png} (on the training rows) into {@code directory}; returns their paths.
   */
  public List<String> writePlots(String directory) {
    List<String> written = new ArrayList<>();
    String curves = Path.of(directory, "training-curves.png").toString();
    writeTrainingCurves(curves);
    written.add(curves);
    if (numClasses() == 2) {
      String roc = Path.of(directory, "roc-training.png").toString();
      writeRocCurve(roc, 700, 600);
      written.add(roc);
      String pr = Path.of(directory, "pr-training.png").toString();
      writePrCurve(pr, 700, 600);
      written.add(pr);
    }
    return written;
  }
}
