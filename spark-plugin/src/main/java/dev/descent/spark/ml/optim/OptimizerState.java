package dev.descent.spark.ml.optim;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable state of an {@link Optimizer}: the number of steps taken and named per-parameter
 * slots such as {@code exp_avg} (PyTorch's names). {@link #slots()} and {@link #of} round-trip
 * it, like PyTorch's {@code state_dict}.
 */
public final class OptimizerState implements Serializable {

  private long step;
  private final Map<String, double[]> slots;

  private OptimizerState(long step, Map<String, double[]> slots) {
    this.step = step;
    this.slots = slots;
  }

  /** A state at step 0 with a zeroed slot of {@code size} entries for each name. */
  public static OptimizerState zeros(int size, String... slotNames) {
    Map<String, double[]> slots = new LinkedHashMap<>();
    for (String name : slotNames) {
      slots.put(name, new double[size]);
    }
    return new OptimizerState(0, slots);
  }

  /** Rebuilds a state from its step count and slots (copied). */
  public static OptimizerState of(long step, Map<String, double[]> slots) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be non-negative, got " + step);
    }
    Map<String, double[]> copy = new LinkedHashMap<>();
    slots.forEach((name, values) -> copy.put(name, values.clone()));
    return new OptimizerState(step, copy);
  }

  /** Adds a slot with the given initial values, for state that is not per parameter. */
  OptimizerState withSlot(String name, double[] values) {
    slots.put(name, values);
    return this;
  }

  /** Steps taken so far; PyTorch's {@code t} during a step, which starts at 1. */
  public long step() {
    return step;
  }

  /** Increments the step count and returns the new value. */
  long advance() {
    return ++step;
  }

  /** The slot {@code name}, to read or update in place. */
  public double[] slot(String name) {
    double[] values = slots.get(name);
    if (values == null) {
      throw new IllegalArgumentException(
          "optimizer state has no slot '" + name + "'; it has " + slots.keySet());
    }
    return values;
  }

  /** A read-only view of the slots, in the order they were created. */
  public Map<String, double[]> slots() {
    return Collections.unmodifiableMap(slots);
  }

  /**
   * Makes this state a copy of {@code other}, as when parameters and state are replaced by an
   * average of several copies (model averaging) or by a saved state.
   */
  public void assign(OptimizerState other) {
    step = other.step;
    slots.clear();
    other.slots.forEach((name, values) -> slots.put(name, values.clone()));
  }

  /** A deep copy. */
  public OptimizerState copy() {
    return of(step, slots);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof OptimizerState that) || step != that.step
        || !slots.keySet().equals(that.slots.keySet())) {
      return false;
    }
    return slots.entrySet().stream()
        .allMatch(e -> Arrays.equals(e.getValue(), that.slots.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return Long.hashCode(step) * 31 + slots.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "OptimizerState(step=" + step + ", slots=" + slots.keySet() + ")";
  }
}
