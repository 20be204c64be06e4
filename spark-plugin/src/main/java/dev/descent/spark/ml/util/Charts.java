package dev.descent.spark.ml.util;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts written as PNG files with JFreeChart, for training curves and ROC / precision-recall
 * curves. Drawing needs no display: unless the JVM was started with {@code java.awt.headless}
 * set, this class sets it to true before AWT loads (a driver on a cluster has no display).
 * Lines take their colours in order from a palette of ten that stay apart on white and print
 * (JFreeChart's default palette draws its fourth line in pale yellow); series of the same name in
 * several panels are one quantity seen differently (layer 2's weights and gradient), so they get
 * the same colour and one legend entry.
 */
public final class Charts {

  /** Matplotlib's "tab10" colours, in its order. */
  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0x17becf), new Color(0xbcbd22)};

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** One line: points (x[i], y[i]); NaN values leave a gap. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series '" + name + "' has " + x.length
            + " x values but " + y.length + " y values");
      }
    }
  }

  /** How an axis spans its values. */
  public enum Scale {
    /** Linear, fitted to the values. */
    LINEAR,
    /** Linear, from zero (a constant series stays readable). */
    FROM_ZERO,
    /** Linear with whole-number ticks, spanning exactly the values: epochs. */
    WHOLE_NUMBERS,
    /**
     * Logarithmic with ticks at powers of ten, for values over several orders of magnitude
     * (seconds from 0.1 to 100, a gap to an optimum); a value that is not positive is not drawn.
     * On a y axis whose positive values span less than two powers of ten, where such ticks would
     * label one line or none, the axis is linear instead, fitted to the values.
     */
    LOG
  }

  /** Below this ratio of its largest to its smallest value a log y axis is drawn linear. */
  private static final double LOG_AXIS_MIN_RATIO = 100;

  /** One panel of stacked charts: its y-axis label and scale, and its lines. */
  public record Panel(String yLabel, Scale scale, List<Series> series) {}

  private Charts() {}

  /**
   * Writes panels stacked over one shared linear x axis to {@code path} as a PNG of {@code width}
   * by {@code height} pixels, creating the parent directories.
   */
  public static void writePng(String path, String title, String xLabel, List<Panel> panels,
      int width, int height) {
    writePng(path, title, xLabel, Scale.LINEAR, panels, width, height);
  }

  /**
   * Writes panels stacked over one shared x axis of scale {@code xScale} to {@code path} as a PNG
   * of {@code width} by {@code height} pixels, creating the parent directories. With a
   * {@link Scale#LOG} x axis, points whose x is not positive are left out; on a log y axis, a y
   * that is not positive leaves a gap in its line.
   */
  public static void writePng(String path, String title, String xLabel, Scale xScale,
      List<Panel> panels, int width, int height) {
    JFreeChart chart = chart(title, xLabel, xScale, panels);
    File file = new File(path);
    File parent = file.getAbsoluteFile().getParentFile();
    if (parent != null && !parent.isDirectory() && !parent.mkdirs()) {
      throw new UncheckedIOException(new IOException("cannot create directory " + parent));
    }
    try {
      ChartUtils.saveChartAsPNG(file, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chart " + path, e);
    }
  }

  /** The chart {@link #writePng} draws. */
  static JFreeChart chart(String title, String xLabel, Scale xScale, List<Panel> panels) {
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(axis(xLabel, xScale));
    combined.setGap(12);
    Map<String, Paint> paints = new HashMap<>();
    for (Panel panel : panels) {
      Scale yScale =
          panel.scale() == Scale.LOG && !spansDecades(panel) ? Scale.LINEAR : panel.scale();
      XYSeriesCollection lines = new XYSeriesCollection();
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
      for (int s = 0; s < panel.series().size(); s++) {
        Series series = panel.series().get(s);
        XYSeries line = new XYSeries(series.name(), false, true);
        for (int i = 0; i < series.x().length; i++) {
          double x = series.x()[i];
          double y = series.y()[i];
          if (xScale == Scale.LOG && !(x > 0)) {
            continue;
          }
          boolean drawable = Double.isFinite(y) && (yScale != Scale.LOG || y > 0);
          line.add(x, drawable ? y : Double.NaN);
        }
        lines.addSeries(line);
        renderer.setSeriesStroke(s, new BasicStroke(2f));
        renderer.setSeriesVisibleInLegend(s, !paints.containsKey(series.name()));
        renderer.setSeriesPaint(s, paints.computeIfAbsent(series.name(),
            name -> PALETTE[paints.size() % PALETTE.length]));
      }
      ValueAxis yAxis = axis(panel.yLabel(), yScale);
      XYPlot plot = new XYPlot(lines, null, yAxis, renderer);
      plot.setBackgroundPaint(Color.WHITE);
      plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
      plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
      combined.add(plot, 1);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Whether the panel's positive finite values span at least two powers of ten. */
  private static boolean spansDecades(Panel panel) {
    double smallest = Double.POSITIVE_INFINITY;
    double largest = 0;
    for (Series series : panel.series()) {
      for (double y : series.y()) {
        if (y > 0 && Double.isFinite(y)) {
          smallest = Math.min(smallest, y);
          largest = Math.max(largest, y);
        }
      }
    }
    return largest >= LOG_AXIS_MIN_RATIO * smallest;
  }

  private static ValueAxis axis(String label, Scale scale) {
    if (scale == Scale.WHOLE_NUMBERS) {
      NumberAxis axis = new NumberAxis(label);
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      axis.setAutoRangeIncludesZero(false);
      axis.setLowerMargin(0);
      axis.setUpperMargin(0);
      return axis;
    }
    if (scale == Scale.LOG) {
      LogAxis axis = new LogAxis(label);
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      axis.setNumberFormatOverride(new PowerOfTenFormat());
      return axis;
    }
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(scale == Scale.FROM_ZERO);
    return axis;
  }

  /**
   * Tick labels of a log axis, whose ticks are whole powers of ten: plain numbers from 0.001 to
   * 10,000 (0.1, 1, 10), scientific outside (1E-6), where plain ones would round to 0 or grow long.
   */
  private static final class PowerOfTenFormat extends NumberFormat {

    private final DecimalFormat plain = new DecimalFormat("0.###");
    private final DecimalFormat scientific = new DecimalFormat("0.#E0");

    @Override
    public StringBuffer format(double value, StringBuffer to, FieldPosition position) {
      double magnitude = Math.abs(value);
      boolean isPlain = magnitude >= 1e-3 && magnitude <= 1e4;
      return (isPlain ? plain : scientific).format(value, to, position);
    }

    @Override
    public StringBuffer format(long value, StringBuffer to, FieldPosition position) {
      return format((double) value, to, position);
    }

    @Override
    public Number parse(String text, ParsePosition position) {
      return plain.parse(text, position);
    }
  }
}
