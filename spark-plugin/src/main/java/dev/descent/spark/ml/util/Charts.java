package dev.descent.spark.ml.util;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
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
 */
public final class Charts {

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

  /** How a panel's y axis spans its values. */
  public enum Scale {
    /** Linear, fitted to the values. */
    LINEAR,
    /** Linear, from zero (a constant series stays readable). */
    FROM_ZERO,
    /** Logarithmic, for values spanning orders of magnitude; values of 0 or less leave a gap. */
    LOG
  }

  /** One panel of stacked charts: its y-axis label and scale, and its lines. */
  public record Panel(String yLabel, Scale scale, List<Series> series) {}

  /** Distinct colours that read well on white (matplotlib's "tab10"), in the order used. */
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728),
      new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b),
      new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

  private Charts() {}

  private static ValueAxis yAxis(Panel panel) {
    if (panel.scale() == Scale.LOG) {
      LogAxis axis = new LogAxis(panel.yLabel());
      // Tick labels as values (3.2E-4) rather than powers with fractional exponents.
      axis.setNumberFormatOverride(new DecimalFormat("0.#E0"));
      return axis;
    }
    NumberAxis axis = new NumberAxis(panel.yLabel());
    axis.setAutoRangeIncludesZero(panel.scale() == Scale.FROM_ZERO);
    return axis;
  }

  /**
   * Writes panels stacked over one shared x axis to {@code path} as a PNG of {@code width} by
   * {@code height} pixels, creating the parent directories. Series of the same name in several
   * panels are one quantity seen differently (layer 2's weights and gradient): they get the same
   * colour and one legend entry.
   */
  public static void writePng(String path, String title, String xLabel, List<Panel> panels,
      int width, int height) {
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis(xLabel));
    combined.setGap(12);
    Map<String, Paint> paints = new HashMap<>();
    for (Panel panel : panels) {
      boolean log = panel.scale() == Scale.LOG;
      XYSeriesCollection lines = new XYSeriesCollection();
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
      for (int s = 0; s < panel.series().size(); s++) {
        Series series = panel.series().get(s);
        XYSeries line = new XYSeries(series.name(), false, true);
        for (int i = 0; i < series.x().length; i++) {
          double y = series.y()[i];
          line.add(series.x()[i], Double.isFinite(y) && (!log || y > 0) ? y : Double.NaN);
        }
        lines.addSeries(line);
        renderer.setSeriesStroke(s, new BasicStroke(2f));
        renderer.setSeriesVisibleInLegend(s, !paints.containsKey(series.name()));
        renderer.setSeriesPaint(s, paints.computeIfAbsent(series.name(),
            name -> PALETTE[paints.size() % PALETTE.length]));
      }
      XYPlot plot = new XYPlot(lines, null, yAxis(panel), renderer);
      plot.setBackgroundPaint(Color.WHITE);
      plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
      plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
      combined.add(plot, 1);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
    chart.setBackgroundPaint(Color.WHITE);
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
}
