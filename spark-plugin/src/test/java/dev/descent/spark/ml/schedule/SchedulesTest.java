package dev.descent.spark.ml.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class SchedulesTest {

  private static final double TOL = 1e-12;

  private static ScheduleParameters params(double lr0) {
    return ScheduleParameters.defaults(lr0, 10);
  }

  private static ScheduleParameters with(double lr0, double gamma, int stepSize, int[] milestones,
      int cosineEpochs, double minLr, double powerT) {
    return new ScheduleParameters(lr0, gamma, stepSize, milestones, cosineEpochs, minLr, powerT,
        0.1, 10, 1e-4, 0);
  }

  private static void assertFollows(IntToDoubleFunction expected, LearningRateSchedule schedule,
      int epochs, String what) {
    for (int e = 0; e < epochs; e++) {
      double want = expected.applyAsDouble(e);
      assertEquals(want, schedule.learningRate(e), TOL * Math.max(1, Math.abs(want)),
          what + " at epoch " + e);
    }
  }

  @Test
  void registryNames() {
    assertEquals(List.of("constant", "step", "multistep", "exponential", "cosine", "invscaling",
        "inverse_sqrt", "plateau"), Schedules.names());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Schedules.create("linear", params(0.1)));
    assertTrue(e.getMessage().contains("'linear'") && e.getMessage().contains("cosine"),
        e.getMessage());
    assertNotSame(Schedules.create("plateau", params(0.1)),
        Schedules.create("plateau", params(0.1)), "each run gets a fresh schedule");
  }

  @Test
  void constant() {
    assertFollows(e -> 0.3, Schedules.create("constant", params(0.3)), 50, "constant");
  }

  @Test
  void step() {
    for (double gamma : new double[] {0.1, 0.5, 2.0}) {
      for (int stepSize : new int[] {1, 3, 10}) {
        LearningRateSchedule s =
            Schedules.create("step", with(0.2, gamma, stepSize, new int[0], 10, 0, 0.5));
        assertFollows(e -> 0.2 * Math.pow(gamma, e / stepSize), s, 40,
            "step gamma " + gamma + " stepSize " + stepSize);
      }
    }
    LearningRateSchedule s = Schedules.create("step", with(1.0, 0.5, 2, new int[0], 10, 0, 0.5));
    assertEquals(1.0, s.learningRate(0));
    assertEquals(1.0, s.learningRate(1));
    assertEquals(0.5, s.learningRate(2));
    assertEquals(0.25, s.learningRate(5));
  }

  @Test
  void multistepSortsAndCountsRepeats() {
    int[] milestones = {6, 2, 6, 4};
    LearningRateSchedule s =
        Schedules.create("multistep", with(1.0, 0.5, 10, milestones, 10, 0, 0.5));
    double[] expected = {1, 1, 0.5, 0.5, 0.25, 0.25, 0.0625, 0.0625, 0.0625};
    for (int e = 0; e < expected.length; e++) {
      assertEquals(expected[e], s.learningRate(e), TOL, "epoch " + e);
    }
    milestones[0] = 0;
    assertEquals(1.0, s.learningRate(0), "the schedule keeps its own copy");
    assertFollows(e -> 0.1, Schedules.create("multistep", params(0.1)), 20, "no milestones");
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> Schedules.create("multistep", with(1.0, 0.5, 10, new int[] {3, -1}, 10, 0, 0.5)));
    assertTrue(bad.getMessage().contains("lrMilestones") && bad.getMessage().contains("-1"),
        bad.getMessage());
  }

  @Test
  void exponential() {
    for (double gamma : new double[] {0.9, 0.5, 1.0}) {
      LearningRateSchedule s =
          Schedules.create("exponential", with(0.05, gamma, 10, new int[0], 10, 0, 0.5));
      assertFollows(e -> 0.05 * Math.pow(gamma, e), s, 30, "exponential " + gamma);
    }
  }

  @Test
  void cosineReachesTheFloorAtTAndFollowsTheCosineBeyond() {
    for (int t : new int[] {1, 4, 10}) {
      for (double minLr : new double[] {0.0, 0.01}) {
        LearningRateSchedule s =
            Schedules.create("cosine", with(0.1, 0.1, 10, new int[0], t, minLr, 0.5));
        assertFollows(e -> minLr + (0.1 - minLr) * (1 + Math.cos(Math.PI * e / t)) / 2, s,
            3 * t + 1, "cosine T " + t + " min " + minLr);
        assertEquals(minLr, s.learningRate(t), TOL, "floor at T");
        assertEquals(0.1, s.learningRate(2 * t), TOL, "back at lr0 at 2T (closed form)");
      }
    }
    LearningRateSchedule s = Schedules.create("cosine", with(1.0, 0.1, 10, new int[0], 4, 0, 0));
    assertEquals(0.5, s.learningRate(2), TOL, "half way");
    assertEquals(0.5, s.learningRate(6), TOL, "beyond T it rises again");
  }

  @Test
  void inverseScaling() {
    for (double powerT : new double[] {0.0, 0.25, 0.5, 1.0}) {
      LearningRateSchedule s =
          Schedules.create("invscaling", with(0.4, 0.1, 10, new int[0], 10, 0, powerT));
      assertFollows(e -> 0.4 / Math.pow(e + 1, powerT), s, 30, "invscaling " + powerT);
    }
    LearningRateSchedule s =
        Schedules.create("inverse_sqrt", with(0.4, 0.1, 10, new int[0], 10, 0, 2.0));
    assertFollows(e -> 0.4 / Math.sqrt(e + 1), s, 30, "inverse_sqrt ignores powerT");
    assertEquals(0.1, s.learningRate(15), TOL);
  }

  @Test
  void pureSchedulesIgnoreObjectives() {
    LearningRateSchedule s = Schedules.create("step", with(1.0, 0.5, 2, new int[0], 10, 0, 0.5));
    s.observe(1.0);
    s.observe(5.0);
    assertEquals(0.5, s.learningRate(3));
  }

  @Test
  void plateauReducesAfterPatienceWithCooldownThresholdAndFloor() {
    // factor 0.5, patience 2, threshold 0.1 (relative), cooldown 1, minLr 0.2.
    PlateauSchedule s = new PlateauSchedule(1.0, 0.5, 2, 0.1, 1, 0.2);
    // Everything from 9.5 to 9.9 is bad: not below best * (1 - threshold) = 9.
    double[] objectives = {10, 9.5, 9.2, 9.1, 9.3, 9.4, 9.2, 9.1, 9.6, 9.7, 9.8, 9.9, 9.5, 9.5,
        9.5, 9.5, 1.0, 0.95};
    // 9.5, 9.2, 9.1 are bad (not below 10 * 0.9); the third bad one (> patience) halves the
    // rate; the next epoch is cooldown; 0.25 -> max(0.125, 0.2) hits the floor; 1.0 improves.
    double[] rates = {1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2,
        0.2, 0.2, 0.2};
    for (int e = 0; e < objectives.length; e++) {
      s.observe(objectives[e]);
      assertEquals(rates[e], s.learningRate(e + 1), TOL, "after epoch " + e);
    }
    assertEquals(1.0, s.best());
    assertEquals(1, s.badEpochs(), "0.95 is not below 1.0 * 0.9");
  }

  @Test
  void plateauStateStepByStep() {
    PlateauSchedule s = new PlateauSchedule(1.0, 0.1, 1, 0.0, 2, 0.0);
    assertEquals(Double.POSITIVE_INFINITY, s.best());
    s.observe(5.0);
    assertEquals(5.0, s.best());
    assertEquals(0, s.badEpochs());
    s.observe(5.0); // equal is not better
    assertEquals(1, s.badEpochs());
    assertEquals(1.0, s.learningRate(0));
    s.observe(4.9999); // threshold 0: any decrease is better
    assertEquals(0, s.badEpochs());
    assertEquals(4.9999, s.best());
    s.observe(6.0);
    s.observe(6.0); // second bad epoch > patience 1: reduce, cooldown 2
    assertEquals(0.1, s.learningRate(99), TOL, "the epoch index does not matter");
    assertEquals(2, s.cooldownCounter());
    assertEquals(0, s.badEpochs());
    s.observe(7.0);
    s.observe(7.0); // cooldown epochs count no bad epochs
    assertEquals(0, s.cooldownCounter());
    assertEquals(0, s.badEpochs());
    s.observe(7.0);
    assertEquals(0.1, s.learningRate(0), TOL);
    s.observe(7.0);
    assertEquals(0.01, s.learningRate(0), TOL);
  }

  @Test
  void plateauPatienceZeroReducesOnEveryBadEpoch() {
    PlateauSchedule s = new PlateauSchedule(1.0, 0.5, 0, 1e-4, 0, 0.0);
    s.observe(1.0);
    assertEquals(1.0, s.learningRate(0));
    s.observe(0.99995); // decrease 5e-5 < 1e-4 * best: bad
    assertEquals(0.5, s.learningRate(0));
    s.observe(0.5);
    assertEquals(0.5, s.learningRate(0));
    s.observe(0.6);
    assertEquals(0.25, s.learningRate(0));
  }

  @Test
  void warmupMultipliesAnySchedule() {
    LearningRateSchedule step = Schedules.create("step",
        with(1.0, 0.5, 2, new int[0], 10, 0, 0.5), 4, 0.25);
    assertFollows(e -> Math.pow(0.5, e / 2) * (0.25 + 0.75 * Math.min(e, 4) / 4.0), step, 12,
        "warmup x step");
    assertEquals(0.25, step.learningRate(0), TOL);
    assertEquals(0.625 * 0.5, step.learningRate(2), TOL);
    LearningRateSchedule constant = Schedules.create("constant", params(0.3), 3, 1.0 / 3);
    assertFollows(e -> 0.3 * (1.0 / 3 + (2.0 / 3) * Math.min(e, 3) / 3), constant, 8,
        "PyTorch LinearLR default start factor");
    assertFollows(e -> 0.3, Schedules.create("constant", params(0.3), 0, 1.0 / 3), 5,
        "no warmup");
    LearningRateSchedule plateau = Schedules.create("plateau",
        new ScheduleParameters(1.0, 0.1, 10, new int[0], 10, 0.0, 0.5, 0.5, 0, 0.0, 0), 2, 0.5);
    assertEquals(0.5, plateau.learningRate(0), TOL);
    plateau.observe(1.0);
    plateau.observe(2.0); // bad with patience 0: the plateau halves its rate
    assertEquals(0.5 * 0.75, plateau.learningRate(1), TOL, "warmup passes objectives through");
    assertEquals(0.5, plateau.learningRate(2), TOL);
  }

  @Test
  void invalidHyperparametersNameTheParamAndValue() {
    assertMessage(() -> new ConstantSchedule(0), "learningRate", "0.0");
    assertMessage(() -> new StepSchedule(0.1, 0, 1), "lrGamma", "0.0");
    assertMessage(() -> new StepSchedule(0.1, 0.5, 0), "lrStepSize", "0");
    assertMessage(() -> new ExponentialSchedule(0.1, -1), "lrGamma", "-1.0");
    assertMessage(() -> new CosineSchedule(0.1, -0.5, 5), "minLearningRate", "-0.5");
    assertMessage(() -> new CosineSchedule(0.1, 0, 0), "cosineEpochs", "0");
    assertMessage(() -> new CosineSchedule(0.1, 0.5, 5), "minLearningRate (0.5) is above"
        + " learningRate (0.1): the cosine", "raise learningRate");
    assertMessage(() -> new PlateauSchedule(0.1, 0.5, 1, 0, 0, 0.2), "minLearningRate (0.2) is"
        + " above learningRate (0.1): the plateau", "raise learningRate");
    assertMessage(() -> new InverseScalingSchedule(0.1, -0.5), "powerT", "-0.5");
    assertMessage(() -> new PlateauSchedule(0.1, 1.0, 1, 0, 0, 0), "plateauFactor", "1.0");
    assertMessage(() -> new PlateauSchedule(0.1, 0.5, -1, 0, 0, 0), "plateauPatience", "-1");
    assertMessage(() -> new PlateauSchedule(0.1, 0.5, 1, -1e-4, 0, 0), "plateauThreshold",
        "-1.0E-4");
    assertMessage(() -> new PlateauSchedule(0.1, 0.5, 1, 0, -2, 0), "plateauCooldown", "-2");
    assertMessage(() -> new PlateauSchedule(0.1, 0.5, 1, 0, 0, Double.NaN), "minLearningRate",
        "NaN");
    assertMessage(() -> new Warmup(new ConstantSchedule(0.1), -1, 0.5), "warmupEpochs", "-1");
    assertMessage(() -> new Warmup(new ConstantSchedule(0.1), 2, 0), "warmupStartFactor", "0.0");
    assertMessage(() -> new Warmup(new ConstantSchedule(0.1), 2, 1.5), "warmupStartFactor",
        "1.5");
  }

  private static void assertMessage(Runnable r, String name, String value) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(name) && e.getMessage().endsWith(value),
        "message should name " + name + " and " + value + ": " + e.getMessage());
  }
}
