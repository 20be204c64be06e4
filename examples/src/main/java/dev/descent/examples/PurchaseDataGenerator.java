package dev.descent.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the synthetic customer dataset of {@link PurchasePrediction}: 1,000 rows of
 * {@code age,income,education,purchased}.
 *
 * <p>{@code examples/data/purchases.csv} is exactly what this program writes; regenerate it from
 * the repository root with
 *
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package
 * java -cp examples/target/classes dev.descent.examples.PurchaseDataGenerator examples/data/purchases.csv
 * </pre>
 *
 * <p>The ground truth is logistic: P(purchased = yes) = sigmoid(z) with
 *
 * <pre>
 * z = -0.5 + 0.1 * (age - 42) + 3.0 * ln(income / 55000) + e(education)
 * e = -1.5 (high_school), 0 (bachelor), 1.1 (master), 2.0 (phd)
 * </pre>
 *
 * so a linear model on (age, income, one-hot education) can learn most of it, but not all: the
 * income effect is logarithmic and the labels are Bernoulli draws, which caps the accuracy any
 * model can reach (the program prints that ceiling). It uses only {@link java.util.Random}, whose
 * algorithm Java specifies, and {@link StrictMath}, so the output is the same on every JVM.
 */
public final class PurchaseDataGenerator {

  static final long SEED = 20240607L;
  static final int ROWS = 1000;
  static final String[] EDUCATION = {"high_school", "bachelor", "master", "phd"};
  private static final double[] EDUCATION_SHARE = {0.40, 0.35, 0.18, 0.07};
  private static final double[] EDUCATION_EFFECT = {-1.5, 0.0, 1.1, 2.0};
  private static final double[] EDUCATION_INCOME = {0.80, 1.00, 1.20, 1.35};

  private PurchaseDataGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: PurchaseDataGenerator <output.csv>");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Random random = new Random(SEED);
    int positives = 0;
    int bayesCorrect = 0;
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      w.print("age,income,education,purchased\n");
      for (int i = 0; i < ROWS; i++) {
        int age = 18 + random.nextInt(53); // 18..70
        int level = pick(random.nextDouble());
        // Log-normal income around 50k, higher with education and (mildly) with age.
        double logIncome = StrictMath.log(50_000 * EDUCATION_INCOME[level])
            + 0.006 * (age - 42) + 0.35 * random.nextGaussian();
        double income = StrictMath.rint(StrictMath.exp(logIncome) / 10.0) * 10.0;
        double z = -0.5 + 0.1 * (age - 42) + 3.0 * StrictMath.log(income / 55_000)
            + EDUCATION_EFFECT[level];
        double p = 1.0 / (1.0 + StrictMath.exp(-z));
        boolean purchased = random.nextDouble() < p;
        positives += purchased ? 1 : 0;
        bayesCorrect += purchased == (p >= 0.5) ? 1 : 0;
        w.print(String.format(Locale.ROOT, "%d,%.1f,%s,%s\n",
            age, income, EDUCATION[level], purchased ? "yes" : "no"));
      }
    }
    System.out.printf(Locale.ROOT, "wrote %d rows to %s: %d purchased (%.1f%%); the true model"
        + " classifies %.1f%% of them correctly%n", ROWS, out, positives, 100.0 * positives / ROWS,
        100.0 * bayesCorrect / ROWS);
  }

  private static int pick(double u) {
    double cumulative = 0.0;
    for (int k = 0; k < EDUCATION_SHARE.length - 1; k++) {
      cumulative += EDUCATION_SHARE[k];
      if (u < cumulative) {
        return k;
      }
    }
    return EDUCATION_SHARE.length - 1;
  }
}
