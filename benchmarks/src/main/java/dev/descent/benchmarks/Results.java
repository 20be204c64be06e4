package dev.descent.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's rows: printed as one table, written as CSV and charted as PNG. */
final class Results {

  /**
   * One measured configuration; NaN where a figure does not apply. The time to 1e-6 of the
   * optimum is measured for the quasi-Newton methods only.
   */
  record Row(String dataset, String method, double timeToTargetSeconds,
      double timeToTightSeconds, double objective, double relativeGap, long steps,
      double stepsPerSecond, double stepMedianMillis, double epochSeconds,
      double cachedMegabytes, double cachedOverRaw, String notes) {

    Row(String dataset, String method, double timeToTargetSeconds, double objective,
        double relativeGap, long steps, double stepsPerSecond, double stepMedianMillis,
        double epochSeconds, double cachedMegabytes, double cachedOverRaw, String notes) {
      this(dataset, method, timeToTargetSeconds, Double.NaN, objective, relativeGap, steps,
          stepsPerSecond, stepMedianMillis, epochSeconds, cachedMegabytes, cachedOverRaw,
          notes);
    }
  }

  private static final String[] HEADER = {"dataset", "method", "time_to_target_s",
      "time_to_1e-6_s", "objective", "rel_gap", "steps", "steps_per_s", "step_median_ms",
      "epoch_s", "cached_MB", "cached/raw", "notes"};

  private final List<Row> rows = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
    System.out.println("  " + String.join(" | ", cells(row)));
  }

  private static String[] cells(Row r) {
    return new String[] {r.dataset(), r.method(), fmt("%.2f", r.timeToTargetSeconds()),
        fmt("%.2f", r.timeToTightSeconds()), fmt("%.6f", r.objective()), fmt("%.1e", r.relativeGap()),
        r.steps() < 0 ? "" : Long.toString(r.steps()), fmt("%.1f", r.stepsPerSecond()),
        fmt("%.1f", r.stepMedianMillis()), fmt("%.3f", r.epochSeconds()),
        fmt("%.1f", r.cachedMegabytes()), fmt("%.3f", r.cachedOverRaw()), r.notes()};
  }

  private static String fmt(String format, double value) {
    return Double.isNaN(value) ? "" : Double.isInfinite(value) ? "not reached"
        : String.format(Locale.ROOT, format, value);
  }

  /** The table as GitHub Markdown, as the README quotes it. */
  String table() {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", HEADER)).append(" |\n|");
    out.append("---|".repeat(HEADER.length)).append('\n');
    for (Row r : rows) {
      out.append("| ").append(String.join(" | ", cells(r))).append(" |\n");
    }
    return out.toString();
  }

  void writeCsv(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", HEADER));
    for (Row r : rows) {
      String[] cells = cells(r);
      for (int i = 0; i < cells.length; i++) {
        cells[i] = cells[i].contains(",") ? '"' + cells[i].replace("\"", "\"\"") + '"'
            : cells[i];
      }
      lines.add(String.join(",", cells));
    }
    Files.write(file, lines);
  }

  /**
   * A bar chart of one column ({@code time_to_target_s} or {@code epoch_s}) for every
   * row that has it, labelled "dataset: method".
   */
  void writeChart(Path file, String title, boolean timeToTarget) throws IOException {
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (Row r : rows) {
      double v = timeToTarget ? r.timeToTargetSeconds() : r.epochSeconds();
      if (Double.isFinite(v) && v > 0) {
        names.add(r.dataset() + ": " + r.method());
        values.add(v);
      }
    }
    if (names.isEmpty()) {
      return;
    }
    BenchmarkCharts.bars(file, title, "seconds", names, values);
  }
}
