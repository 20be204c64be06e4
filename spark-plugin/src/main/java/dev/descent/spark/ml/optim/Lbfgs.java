package dev.descent.spark.ml.optim;

import java.util.Locale;

/**
 * Limited-memory BFGS (Liu and Nocedal, "On the limited memory BFGS method for large scale
 * optimization", Mathematical Programming 1989), as PyTorch's {@code torch.optim.LBFGS}, and
 * with an L1 penalty the orthant-wise variant OWL-QN (Andrew and Gao, "Scalable Training of
 * L1-Regularized Log-Linear Models", ICML 2007), which is what Spark MLlib's
 * {@code LogisticRegression} and {@code LinearRegression} use through Breeze. One
 * {@link #iterate} is one iteration of PyTorch's loop:
 *
 * <pre>
 * g = gradient at x;  stop if max|g| &lt;= toleranceGrad
 * first iteration:  d = -g,  history emptied,  H = 1
 * later:            y = g - g_prev,  s = t_prev * d_prev
 *                   if y.s > 1e-10: push (s, y) (dropping the oldest beyond historySize), H = y.s / y.y
 *                   d = -(two-loop recursion of the history with initial Hessian H) g
 * t = lr * min(1, 1 / sum|g|) on the first iteration, else lr
 * stop if g.d > -toleranceChange
 * x = x + t d, t from the strong-Wolfe search ({@link StrongWolfe}) or, with lineSearch "none", lr itself
 * stop if max|g_new| &lt;= toleranceGrad, max|t d| &lt;= toleranceChange or |f_new - f| &lt; toleranceChange
 * </pre>
 *
 * <p>PyTorch runs {@code max_iter} (20) iterations per {@code step} call and caps function
 * evaluations per call at {@code max_eval}; here one epoch is one iteration and the run's
 * {@code maxIter} caps the iterations, as MLlib's maxIter does, and the line search's own 25
 * evaluations per iteration are the only cap on evaluations. The defaults are PyTorch's (lr 1,
 * historySize 100, toleranceGrad 1e-7, toleranceChange 1e-9), except that the line search
 * defaults to strong Wolfe, where PyTorch's default takes fixed steps of lr.
 *
 * <p>OWL-QN, when {@code l1} is given, makes three changes (Andrew and Gao, section 3.2): g
 * above is the pseudo-gradient of the smooth part plus the L1 term (the one-sided derivative
 * that descends, 0 where neither side does), while the history's y keeps differences of smooth
 * gradients; d is zeroed where its sign disagrees with -g; and every trial point is projected
 * on the orthant of x (of -g where x is 0), setting to zero each penalized coordinate that
 * would cross it. The trial steps backtrack, halving from t, until the objective decreases by
 * c1 (1e-4) times the pseudo-gradient's product with the move; the strong-Wolfe curvature
 * condition does not apply to the non-smooth objective. s is then the move actually made.
 *
 * <p>State: the step count is PyTorch's {@code n_iter}; the slots are {@code d},
 * {@code prev_flat_grad}, the history {@code old_dirs} (y) and {@code old_stps} (s) as rings of
 * historySize vectors with {@code ro} (1 / y.s), and {@code scalars} (t, H_diag, prev_loss, the
 * number of history entries and the ring index of the oldest).
 */
public final class Lbfgs implements FullBatchOptimizer {

  /** The line searches {@code lineSearch} names. */
  public static final String STRONG_WOLFE = "strong_wolfe";
  public static final String NO_LINE_SEARCH = "none";

  private static final double CURVATURE_FLOOR = 1e-10;
  private static final double SUFFICIENT_DECREASE = 1e-4;
  private static final int MAX_BACKTRACKS = 25;
  private static final int T = 0;
  private static final int H_DIAG = 1;
  private static final int PREV_LOSS = 2;
  private static final int COUNT = 3;
  private static final int OLDEST = 4;

  private final int historySize;
  private final boolean strongWolfe;
  private final double toleranceGrad;
  private final double toleranceChange;

  public Lbfgs(int historySize, String lineSearch, double toleranceGrad,
      double toleranceChange) {
    if (historySize < 1) {
      throw new IllegalArgumentException("historySize must be at least 1, got " + historySize);
    }
    if (!STRONG_WOLFE.equals(lineSearch) && !NO_LINE_SEARCH.equals(lineSearch)) {
      throw new IllegalArgumentException("lineSearch must be '" + STRONG_WOLFE + "' or '"
          + NO_LINE_SEARCH + "', got '" + lineSearch + "'");
    }
    this.historySize = historySize;
    this.strongWolfe = STRONG_WOLFE.equals(lineSearch);
    this.toleranceGrad = Check.nonNegative("toleranceGrad", toleranceGrad);
    this.toleranceChange = Check.nonNegative("toleranceChange", toleranceChange);
  }

  Lbfgs(Hyperparameters h) {
    this(h.historySize(), h.lineSearch(), h.toleranceGrad(), h.toleranceChange());
  }

  @Override
  public String name() {
    return "lbfgs";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    long ring = (long) historySize * numParameters;
    if (ring > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("lbfgs keeps historySize (" + historySize + ") x "
          + numParameters + " parameters = " + ring + " values per history vector, more than a"
          + " Java array holds: lower historySize");
    }
    return OptimizerState.zeros(numParameters, "d", "prev_flat_grad")
        .withSlot("old_dirs", new double[(int) ring])
        .withSlot("old_stps", new double[(int) ring])
        .withSlot("ro", new double[historySize])
        .withSlot("scalars", new double[5]);
  }

  @Override
  public String iterate(double[] x, SmoothObjective objective, double[] l1, double lr,
      OptimizerState state) {
    boolean orthantWise = l1 != null;
    SmoothObjective.Value at = objective.at(x);
    double loss = at.value() + l1Penalty(x, l1);
    double[] g = orthantWise ? pseudoGradient(x, at.gradient(), l1) : at.gradient();
    double largest = maxAbs(g);
    if (largest <= toleranceGrad) {
      return gradientConverged(largest);
    }
    double[] scalars = state.slot("scalars");
    double[] d = state.slot("d");
    double[] prevGrad = state.slot("prev_flat_grad");
    long iteration = state.advance();
    if (iteration == 1) {
      for (int i = 0; i < x.length; i++) {
        d[i] = -g[i];
      }
      scalars[COUNT] = 0;
      scalars[OLDEST] = 0;
      scalars[H_DIAG] = 1;
    } else {
      remember(at.gradient(), prevGrad, d, scalars[T], state);
      direction(g, d, state);
      if (orthantWise) {
        for (int i = 0; i < x.length; i++) {
          if (d[i] * g[i] >= 0) {
            d[i] = 0;
          }
        }
      }
    }
    System.arraycopy(at.gradient(), 0, prevGrad, 0, x.length);
    scalars[PREV_LOSS] = loss;
    double t = iteration == 1 ? Math.min(1.0, 1.0 / sumAbs(g)) * lr : lr;
    scalars[T] = t;
    double slope = dot(g, d);
    if (slope > -toleranceChange) {
      return String.format(Locale.ROOT, "the directional derivative along the search direction"
          + " (%.3g) is above -toleranceChange (%s)", slope, toleranceChange);
    }
    double[] gNew;
    if (orthantWise) {
      double[] start = x.clone();
      double[] orthant = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        orthant[i] = x[i] != 0 ? Math.signum(x[i]) : Math.signum(-g[i]);
      }
      SmoothObjective.Value accepted = null;
      for (int k = 0; k < MAX_BACKTRACKS && accepted == null; k++, t *= 0.5) {
        SmoothObjective.Value trial = objective.at(projected(start, t, d, orthant, l1, x));
        double decrease = 0.0;
        for (int i = 0; i < x.length; i++) {
          decrease += g[i] * (x[i] - start[i]);
        }
        double value = trial.value() + l1Penalty(x, l1);
        if (value <= loss + SUFFICIENT_DECREASE * decrease) {
          accepted = trial;
          loss = value;
        }
      }
      if (accepted == null) {
        System.arraycopy(start, 0, x, 0, x.length);
        return "no step along the search direction lowered the objective in " + MAX_BACKTRACKS
            + " halvings: it is at its minimum to the precision of the objective";
      }
      for (int i = 0; i < x.length; i++) {
        d[i] = x[i] - start[i];
      }
      scalars[T] = t = 1.0;
      gNew = pseudoGradient(x, accepted.gradient(), l1);
    } else if (strongWolfe) {
      StrongWolfe.Step step =
          StrongWolfe.search(objective, x, t, d, loss, g, slope, toleranceChange);
      scalars[T] = t = step.t();
      for (int i = 0; i < x.length; i++) {
        x[i] += t * d[i];
      }
      loss = step.at().value();
      gNew = step.at().gradient();
    } else {
      for (int i = 0; i < x.length; i++) {
        x[i] += t * d[i];
      }
      SmoothObjective.Value after = objective.at(x);
      loss = after.value();
      gNew = after.gradient();
    }
    double largestNew = maxAbs(gNew);
    if (largestNew <= toleranceGrad) {
      return gradientConverged(largestNew);
    }
    double largestMove = 0.0;
    for (double di : d) {
      largestMove = Math.max(largestMove, Math.abs(di * t));
    }
    if (largestMove <= toleranceChange) {
      return String.format(Locale.ROOT, "the iteration moved no parameter by more than"
          + " toleranceChange (%s)", toleranceChange);
    }
    if (Math.abs(loss - scalars[PREV_LOSS]) < toleranceChange) {
      return String.format(Locale.ROOT, "the objective changed by %.3g, less than"
          + " toleranceChange (%s)", Math.abs(loss - scalars[PREV_LOSS]), toleranceChange);
    }
    return null;
  }

  /**
   * Adds the curvature pair of the last iteration, y = gradient - previous and s = t * d, to the
   * history if y.s is positive enough, and rescales the initial Hessian by it.
   */
  private void remember(double[] gradient, double[] previous, double[] d, double t,
      OptimizerState state) {
    int n = gradient.length;
    double[] y = new double[n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = gradient[i] - previous[i];
      s[i] = d[i] * t;
    }
    double ys = dot(y, s);
    if (!(ys > CURVATURE_FLOOR)) {
      return;
    }
    double[] scalars = state.slot("scalars");
    int count = (int) scalars[COUNT];
    int oldest = (int) scalars[OLDEST];
    if (count == historySize) {
      oldest = (oldest + 1) % historySize;
      count--;
    }
    int slot = (oldest + count) % historySize;
    System.arraycopy(y, 0, state.slot("old_dirs"), slot * n, n);
    System.arraycopy(s, 0, state.slot("old_stps"), slot * n, n);
    state.slot("ro")[slot] = 1.0 / ys;
    scalars[COUNT] = count + 1;
    scalars[OLDEST] = oldest;
    scalars[H_DIAG] = ys / dot(y, y);
  }

  /** d = -H g by the two-loop recursion over the history, oldest pair first in the second loop. */
  private void direction(double[] g, double[] d, OptimizerState state) {
    int n = g.length;
    double[] scalars = state.slot("scalars");
    int count = (int) scalars[COUNT];
    int oldest = (int) scalars[OLDEST];
    double[] dirs = state.slot("old_dirs");
    double[] stps = state.slot("old_stps");
    double[] ro = state.slot("ro");
    double[] alpha = new double[count];
    for (int i = 0; i < n; i++) {
      d[i] = -g[i];
    }
    for (int k = count - 1; k >= 0; k--) {
      int at = (oldest + k) % historySize;
      alpha[k] = dot(stps, at * n, d) * ro[at];
      for (int i = 0; i < n; i++) {
        d[i] += -alpha[k] * dirs[at * n + i];
      }
    }
    double hDiag = scalars[H_DIAG];
    for (int i = 0; i < n; i++) {
      d[i] *= hDiag;
    }
    for (int k = 0; k < count; k++) {
      int at = (oldest + k) % historySize;
      double beta = dot(dirs, at * n, d) * ro[at];
      for (int i = 0; i < n; i++) {
        d[i] += (alpha[k] - beta) * stps[at * n + i];
      }
    }
  }

  /**
   * Writes into {@code into} the point start + t d with each penalized coordinate that leaves
   * its orthant set to 0, and returns it.
   */
  private static double[] projected(double[] start, double t, double[] d, double[] orthant,
      double[] l1, double[] into) {
    for (int i = 0; i < start.length; i++) {
      double v = start[i] + t * d[i];
      into[i] = l1[i] > 0 && Math.signum(v) != orthant[i] ? 0.0 : v;
    }
    return into;
  }

  /**
   * The pseudo-gradient of smooth + sum_i l1_i |x_i|: the derivative where x_i is not 0, else
   * the one-sided derivative that descends, or 0 when neither does.
   */
  static double[] pseudoGradient(double[] x, double[] smooth, double[] l1) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 0) {
        g[i] = smooth[i] + l1[i];
      } else if (x[i] < 0) {
        g[i] = smooth[i] - l1[i];
      } else if (smooth[i] + l1[i] < 0) {
        g[i] = smooth[i] + l1[i];
      } else if (smooth[i] - l1[i] > 0) {
        g[i] = smooth[i] - l1[i];
      }
    }
    return g;
  }

  private static double l1Penalty(double[] x, double[] l1) {
    if (l1 == null) {
      return 0.0;
    }
    double sum = 0.0;
    for (int i = 0; i < x.length; i++) {
      sum += l1[i] * Math.abs(x[i]);
    }
    return sum;
  }

  private String gradientConverged(double largest) {
    return String.format(Locale.ROOT, "the largest entry of the gradient (%.3g) is at most"
        + " toleranceGrad (%s)", largest, toleranceGrad);
  }

  static double dot(double[] a, double[] b) {
    return dot(a, 0, b);
  }

  /** The dot product of a[offset, offset + b.length) with b. */
  private static double dot(double[] a, int offset, double[] b) {
    double sum = 0.0;
    for (int i = 0; i < b.length; i++) {
      sum += a[offset + i] * b[i];
    }
    return sum;
  }

  static double maxAbs(double[] values) {
    double largest = 0.0;
    for (double v : values) {
      largest = Math.max(largest, Math.abs(v));
    }
    return largest;
  }

  private static double sumAbs(double[] values) {
    double sum = 0.0;
    for (double v : values) {
      sum += Math.abs(v);
    }
    return sum;
  }
}
