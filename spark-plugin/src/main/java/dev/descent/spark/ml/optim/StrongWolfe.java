package dev.descent.spark.ml.optim;

/**
 * The line search of {@code torch.optim.LBFGS(line_search_fn="strong_wolfe")}, itself Mark
 * Schmidt's minFunc search as Torch7's {@code lswolfe.lua} has it: find a step t along d that
 * satisfies the strong Wolfe conditions
 *
 * <pre>
 *   f(x + t d) &lt;= f(x) + c1 * t * g.d           (sufficient decrease, c1 = 1e-4)
 *   |g(x + t d).d| &lt;= -c2 * g.d                  (curvature, c2 = 0.9)
 * </pre>
 *
 * first by bracketing (each new trial a safeguarded cubic interpolation between 1.01 and 10
 * times the last step), then by zooming inside the bracket with cubic interpolation, kept at
 * least a tenth of the bracket away from its ends when progress stalls (Nocedal and Wright,
 * "Numerical Optimization", algorithms 3.5 and 3.6). At most 25 evaluations; the result is the
 * lowest point found when they run out or the bracket shrinks below {@code toleranceChange}.
 */
final class StrongWolfe {

  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_EVALUATIONS = 25;

  /** The step found and the objective there. */
  record Step(double t, SmoothObjective.Value at) {}

  /** A point of the line: step t, value, gradient and directional derivative there. */
  private record Trial(double t, double value, double[] gradient, double slope) {}

  private final SmoothObjective objective;
  private final double[] x;
  private final double[] d;
  private final double toleranceChange;
  /** The largest step along d per unit of t, to measure the bracket in parameter space. */
  private final double dNorm;

  private StrongWolfe(SmoothObjective objective, double[] x, double[] d, double toleranceChange) {
    this.objective = objective;
    this.x = x;
    this.d = d;
    this.toleranceChange = toleranceChange;
    this.dNorm = Lbfgs.maxAbs(d);
  }

  /**
   * Searches along {@code d} from {@code x}, where the objective is {@code value} with
   * {@code gradient} and directional derivative {@code slope} (negative), starting at step
   * {@code t}. Neither x nor d is modified.
   */
  static Step search(SmoothObjective objective, double[] x, double t, double[] d, double value,
      double[] gradient, double slope, double toleranceChange) {
    return new StrongWolfe(objective, x, d, toleranceChange).run(t, value, gradient, slope);
  }

  private Step run(double t, double value, double[] gradient, double slope) {
    Trial start = new Trial(0, value, gradient.clone(), slope);
    Trial previous = start;
    Trial current = evaluate(t);
    Trial[] bracket = null;
    boolean done = false;
    int iterations = 0;
    while (iterations < MAX_EVALUATIONS) {
      if (current.value > value + C1 * current.t * slope
          || (iterations > 1 && current.value >= previous.value)) {
        bracket = new Trial[] {previous, current};
        break;
      }
      if (Math.abs(current.slope) <= -C2 * slope) {
        bracket = new Trial[] {current};
        done = true;
        break;
      }
      if (current.slope >= 0) {
        bracket = new Trial[] {previous, current};
        break;
      }
      double minStep = current.t + 0.01 * (current.t - previous.t);
      double maxStep = current.t * 10;
      double next = cubicMinimum(previous, current, minStep, maxStep);
      previous = current;
      current = evaluate(next);
      iterations++;
    }
    if (iterations == MAX_EVALUATIONS) {
      // The slope of this bracket is never read: no zoom follows.
      bracket = new Trial[] {start, current};
    }
    if (done) {
      return new Step(bracket[0].t, value(bracket[0]));
    }
    boolean insufficientProgress = false;
    int low = bracket[0].value <= bracket[1].value ? 0 : 1;
    while (iterations < MAX_EVALUATIONS) {
      if (Math.abs(bracket[1].t - bracket[0].t) * dNorm < toleranceChange) {
        break;
      }
      double next = cubicMinimum(bracket[0], bracket[1], Double.NaN, Double.NaN);
      double upper = Math.max(bracket[0].t, bracket[1].t);
      double lower = Math.min(bracket[0].t, bracket[1].t);
      double margin = 0.1 * (upper - lower);
      if (Math.min(upper - next, next - lower) < margin) {
        if (insufficientProgress || next >= upper || next <= lower) {
          next = Math.abs(next - upper) < Math.abs(next - lower) ? upper - margin : lower + margin;
          insufficientProgress = false;
        } else {
          insufficientProgress = true;
        }
      } else {
        insufficientProgress = false;
      }
      Trial trial = evaluate(next);
      iterations++;
      int high = 1 - low;
      if (trial.value > value + C1 * trial.t * slope || trial.value >= bracket[low].value) {
        bracket[high] = trial;
        low = bracket[0].value <= bracket[1].value ? 0 : 1;
      } else {
        if (Math.abs(trial.slope) <= -C2 * slope) {
          done = true;
        } else if (trial.slope * (bracket[high].t - bracket[low].t) >= 0) {
          bracket[high] = bracket[low];
        }
        bracket[low] = trial;
      }
      if (done) {
        break;
      }
    }
    return new Step(bracket[low].t, value(bracket[low]));
  }

  private Trial evaluate(double t) {
    double[] point = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      point[i] = x[i] + t * d[i];
    }
    SmoothObjective.Value at = objective.at(point);
    return new Trial(t, at.value(), at.gradient(), Lbfgs.dot(at.gradient(), d));
  }

  private static SmoothObjective.Value value(Trial trial) {
    return new SmoothObjective.Value(trial.value, trial.gradient);
  }

  /**
   * The minimizer of the cubic through two trials' values and slopes, clamped to
   * [{@code lower}, {@code upper}] (NaN: to the interval the trials span), or the middle of that
   * interval when the cubic has no minimizer or, unlike PyTorch, when a trial's value is
   * infinite (the objective overflowed there) and the formula gives NaN.
   */
  private static double cubicMinimum(Trial a, Trial b, double lower, double upper) {
    if (Double.isNaN(lower)) {
      lower = Math.min(a.t, b.t);
      upper = Math.max(a.t, b.t);
    }
    double d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.t - b.t);
    double d2Square = d1 * d1 - a.slope * b.slope;
    if (d2Square >= 0) {
      double d2 = Math.sqrt(d2Square);
      double minimum = a.t <= b.t
          ? b.t - (b.t - a.t) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2))
          : a.t - (a.t - b.t) * ((a.slope + d2 - d1) / (a.slope - b.slope + 2 * d2));
      if (!Double.isNaN(minimum)) {
        return Math.min(Math.max(minimum, lower), upper);
      }
    }
    return (lower + upper) / 2.0;
  }
}
