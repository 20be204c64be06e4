package dev.descent.spark.ml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import dev.descent.spark.ml.training.StopReason;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConvergenceCheckTest {

  @Test
  void maxEpochsStopsAfterThatManyEpochs() {
    // Entry 0 is the initial objective, so n epochs give n + 1 entries.
    ConvergenceCheck check = ConvergenceCheck.maxEpochs(3);
    assertNull(check.check(List.of(5.0)));
    assertNull(check.check(List.of(5.0, 4.0)));
    assertNull(check.check(List.of(5.0, 4.0, 3.0)));
    assertEquals(StopReason.MAX_EPOCHS, check.check(List.of(5.0, 4.0, 3.0, 2.0)));
    assertEquals(StopReason.MAX_EPOCHS, check.check(List.of(5.0, 4.0, 3.0, 2.0, 1.0)));
    assertEquals(StopReason.MAX_EPOCHS, ConvergenceCheck.maxEpochs(1).check(List.of(1.0, 0.5)));
    assertEquals(StopReason.MAX_EPOCHS, ConvergenceCheck.maxEpochs(0).check(List.of(1.0)));
  }

  @Test
  void relativeObjectiveChange() {
    ConvergenceCheck check = ConvergenceCheck.relativeObjectiveChange(1e-3);
    assertNull(check.check(List.of()));
    assertNull(check.check(List.of(1.0)), "needs two epochs");
    // Change relative to the larger of the two values.
    assertNull(check.check(List.of(1.0, 0.998)));
    assertEquals(StopReason.CONVERGED, check.check(List.of(1.0, 0.9995)));
    assertEquals(StopReason.CONVERGED, check.check(List.of(0.9995, 1.0)), "increase counts too");
    assertEquals(StopReason.CONVERGED, check.check(List.of(10.0, 1.0, 1000.0, 1000.5)),
        "only the last two epochs matter");
    assertNull(check.check(List.of(1000.0, 1000.5, 10.0)));
    // Exactly at the tolerance converges (<=).
    ConvergenceCheck quarter = ConvergenceCheck.relativeObjectiveChange(0.25);
    assertEquals(StopReason.CONVERGED, quarter.check(List.of(1.0, 0.75)));
    assertEquals(StopReason.CONVERGED, quarter.check(List.of(0.75, 1.0)));
    assertNull(quarter.check(List.of(1.0, 0.7)));
    assertEquals(StopReason.CONVERGED, check.check(List.of(-2.0, -2.001)), "negative objectives");
    assertNull(check.check(List.of(-2.0, -2.01)));
    // A zero objective twice is converged, not a division by zero.
    assertEquals(StopReason.CONVERGED, check.check(List.of(0.0, 0.0)));
    assertNull(check.check(List.of(0.0, 1e-10)));
    // tol = 0 disables it, even for identical values.
    assertNull(ConvergenceCheck.relativeObjectiveChange(0).check(List.of(1.0, 1.0)));
    assertNull(ConvergenceCheck.relativeObjectiveChange(-1).check(List.of(1.0, 1.0)));
    // NaN objectives never converge.
    assertNull(check.check(List.of(1.0, Double.NaN)));
  }

  @Test
  void orTakesTheFirstReasonAndShortCircuits() {
    ConvergenceCheck max = ConvergenceCheck.maxEpochs(1);
    ConvergenceCheck rel = ConvergenceCheck.relativeObjectiveChange(1e-6);
    ConvergenceCheck both = max.or(rel);
    assertNull(both.check(List.of(1.0)));
    assertEquals(StopReason.MAX_EPOCHS, both.check(List.of(1.0, 0.5)));
    assertEquals(StopReason.MAX_EPOCHS, both.check(List.of(1.0, 1.0)), "first one wins");
    assertEquals(StopReason.CONVERGED, rel.or(max).check(List.of(1.0, 1.0)));
    assertEquals(StopReason.CONVERGED,
        ConvergenceCheck.maxEpochs(10).or(rel).check(List.of(1.0, 1.0)));
    assertNull(ConvergenceCheck.maxEpochs(10).or(rel).check(List.of(1.0, 0.5)));

    AtomicInteger calls = new AtomicInteger();
    ConvergenceCheck counting = history -> {
      calls.incrementAndGet();
      return null;
    };
    max.or(counting).check(List.of(1.0, 2.0));
    assertEquals(0, calls.get(), "second check not consulted once the first stops");
    max.or(counting).check(List.of(1.0));
    assertEquals(1, calls.get());
    counting.or(rel).or(max).check(List.of(1.0, 2.0, 3.0));
    assertEquals(2, calls.get());
  }
}
