package dev.descent.spark.ml.loss;

import java.util.List;

/** The registry of loss names accepted by the {@code loss} param of each kind of stage. */
public final class Losses {

  public static final List<String> CLASSIFICATION =
      List.of("log", "hinge", "squared_hinge", "modified_huber");
  public static final List<String> REGRESSION =
      List.of("squared", "huber", "epsilon_insensitive", "quantile", "poisson");

  private Losses() {}

  /**
   * The classification loss for {@code numClasses} classes: binary for two classes, else softmax
   * for {@code log} and one-vs-rest for the margin losses.
   */
  public static ClassificationLoss classification(String name, int numClasses) {
    if (CustomLosses.isClassName(name)) {
      return new CustomClassificationLoss(CustomLosses.instantiate(name), numClasses);
    }
    if (numClasses > 2 && name.equals("log")) {
      return new SoftmaxLoss(numClasses);
    }
    BinaryLoss binary = switch (name) {
      case "log" -> new LogLoss();
      case "hinge" -> new HingeLoss();
      case "squared_hinge" -> new SquaredHingeLoss();
      case "modified_huber" -> new ModifiedHuberLoss();
      default -> throw unknown(name, CLASSIFICATION);
    };
    return numClasses > 2 ? new OneVsRestLoss(binary, numClasses) : binary;
  }

  /** The regression loss {@code name} with its shape parameters. */
  public static RegressionLoss regression(
      String name, double huberDelta, double insensitivity, double quantile) {
    if (CustomLosses.isClassName(name)) {
      return new CustomRegressionLoss(CustomLosses.instantiate(name));
    }
    return switch (name) {
      case "squared" -> new SquaredLoss();
      case "huber" -> new HuberLoss(huberDelta);
      case "epsilon_insensitive" -> new EpsilonInsensitiveLoss(insensitivity);
      case "quantile" -> new QuantileLoss(quantile);
      case "poisson" -> new PoissonLoss();
      default -> throw unknown(name, REGRESSION);
    };
  }

  /**
   * A validator for the {@code loss} param: a name in {@code known} or a qualified class name of
   * a {@link CustomLoss}, whose class is looked up when a stage trains or predicts (so a saved
   * stage loads even where the class is missing, and the error then says what is missing).
   */
  public static scala.Function1<String, Object> validator(List<String> known) {
    return (scala.Function1<String, Object> & java.io.Serializable)
        name -> known.contains(name) || CustomLosses.isClassName(name);
  }

  private static IllegalArgumentException unknown(String name, List<String> known) {
    return new IllegalArgumentException("loss '" + name + "' is not one of " + known
        + " nor the qualified name of a " + CustomLoss.class.getName() + " class");
  }
}
