package dev.descent.spark.ml.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.loss.CustomLossExamples.AsymmetricSquared;
import dev.descent.spark.ml.loss.CustomLossExamples.AsymmetricSquaredByHand;
import dev.descent.spark.ml.loss.CustomLossExamples.Focal;
import dev.descent.spark.ml.loss.CustomLossExamples.FocalByHand;
import dev.descent.spark.ml.loss.CustomLossExamples.Softmax3;
import dev.descent.spark.ml.loss.CustomLossExamples.WrongGradient;
import org.junit.jupiter.api.Test;

class CustomLossTest {

  private static String name(Class<?> type) {
    return type.getName();
  }

  @Test
  void handWrittenGradientsAgreeWithAutomaticOnes() {
    GradientCheck.verify(new FocalByHand(), new double[] {0, 1}, 50, 1, 1e-12);
    GradientCheck.verify(new AsymmetricSquaredByHand(), new double[] {-2, 0.5, 3}, 50, 2, 1e-12);
    GradientCheck.verify(new Softmax3(), new double[] {0, 1, 2}, 50, 3, 1e-12);
    GradientCheck.Result r = GradientCheck.at(new Focal(), new double[] {0.4}, 1.0);
    assertNull(r.handWritten());
    assertTrue(r.finiteDifferenceError() < 1e-8, "" + r.finiteDifferenceError());
  }

  @Test
  void gradientCheckCatchesAWrongHandWrittenGradient() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> GradientCheck.verify(new WrongGradient(), new double[] {1.0}, 5, 4, 1e-9));
    assertTrue(e.getMessage().contains(WrongGradient.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("differs from the automatic one"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> GradientCheck.at(new Focal(), new double[] {1, 2}, 1.0));
  }

  @Test
  void lossesAreFoundByClassNameWithClearErrors() {
    assertTrue(Losses.classification(name(Focal.class), 2) instanceof CustomClassificationLoss);
    assertTrue(Losses.regression(name(AsymmetricSquared.class), 1, 1, 0.5)
        instanceof CustomRegressionLoss);
    assertEquals(3, Losses.classification(name(Softmax3.class), 3).numOutputs());

    String missing = assertThrows(IllegalArgumentException.class,
        () -> Losses.regression("com.example.Missing", 1, 1, 0.5)).getMessage();
    assertTrue(missing.contains("com.example.Missing") && missing.contains("classpath"), missing);
    String notLoss = assertThrows(IllegalArgumentException.class,
        () -> CustomLosses.instantiate(name(CustomLossExamples.NotALoss.class))).getMessage();
    assertTrue(notLoss.contains("does not implement " + CustomLoss.class.getName()), notLoss);
    String initialized = assertThrows(IllegalArgumentException.class,
        () -> CustomLosses.instantiate(name(CustomLossExamples.CountsInitialization.class)))
        .getMessage();
    assertTrue(initialized.contains("does not implement"), initialized);
    assertEquals(0, CustomLossExamples.INITIALIZED.get(), "the class was initialized");
    String ctor = assertThrows(IllegalArgumentException.class,
        () -> CustomLosses.instantiate(name(CustomLossExamples.NeedsArgument.class)))
        .getMessage();
    assertTrue(ctor.contains("public no-argument constructor"), ctor);
    String unknown = assertThrows(IllegalArgumentException.class,
        () -> Losses.regression("absolute", 1, 1, 0.5)).getMessage();
    assertTrue(unknown.contains("'absolute'") && unknown.contains("CustomLoss"), unknown);
  }

  @Test
  void arityMustMatchTheStage() {
    String regression = assertThrows(IllegalArgumentException.class, () -> Losses.regression(
        name(CustomLossExamples.TwoOutputs.class), 1, 1, 0.5)).getMessage();
    assertTrue(regression.contains("takes 2 output(s)") && regression.contains("a regressor has 1"),
        regression);
    String classifier = assertThrows(IllegalArgumentException.class,
        () -> Losses.classification(name(Focal.class), 3)).getMessage();
    assertTrue(classifier.contains("a 3-class classifier has 3"), classifier);
    Loss readsTwo = Losses.regression(name(CustomLossExamples.ReadsTwoOutputs.class), 1, 1, 0.5);
    String past = assertThrows(IllegalArgumentException.class,
        () -> readsTwo.lossAndGradient(new double[] {1.0}, 2.0, new double[1])).getMessage();
    assertTrue(past.contains("read past its 1 output(s)") && past.contains("label 2.0"), past);
  }

  @Test
  void nonFiniteLossNamesTheRow() {
    Loss nan = Losses.regression(name(CustomLossExamples.NaNLoss.class), 1, 1, 0.5);
    ArithmeticException e = assertThrows(ArithmeticException.class,
        () -> nan.lossAndGradient(new double[] {0.25}, 1.5, new double[1]));
    assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("[0.25]")
        && e.getMessage().contains("label 1.5"), e.getMessage());
  }

  @Test
  void automaticAndHandWrittenPathsGiveTheSameValueAndGradient() {
    Loss auto = Losses.classification(name(Focal.class), 2);
    Loss hand = Losses.classification(name(FocalByHand.class), 2);
    for (double m : new double[] {-4, -0.3, 0, 0.8, 6}) {
      for (double y : new double[] {0, 1}) {
        double[] ga = new double[1];
        double[] gh = new double[1];
        assertEquals(auto.lossAndGradient(new double[] {m}, y, ga),
            hand.lossAndGradient(new double[] {m}, y, gh), 0.0);
        assertEquals(ga[0], gh[0], 1e-15 * Math.max(1, Math.abs(ga[0])));
      }
    }
  }
}
