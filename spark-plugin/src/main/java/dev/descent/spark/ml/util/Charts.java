package dev.descent.spark.ml.util;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
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
    FROM_ZERO
  }

  /** One panel of stacked charts: its y-axis label and scale, and its lines. */
  public record Panel(String yLabel, Scale scale, List<Series> series) {}

  private Charts() {}

  /**
   * Writes panels stacked over one shared x axis to {@code path} as a PNG of {@code width} by
   * {@code height} pixels, creating the parent directories.
   */
  public static void writePng(String path, String title, String xLabel, List<Panel> panels,
      int width, int height) {
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis(xLabel));
    combined.setGap(12);
    for (Panel panel : panels) {
      XYSeriesCollection lines = new XYSeriesCollection();
      for (Series series : panel.series()) {
        XYSeries line = new XYSeries(series.name(), false, true);
        for (int i = 0; i < series.x().length; i++) {
          line.add(series.x()[i], Double.isFinite(series.y()[i]) ? series.y()[i] : Double.NaN);
        }
        lines.addSeries(line);
      }
      NumberAxis yAxis = new NumberAxis(panel.yLabel());
      yAxis.setAutoRangeIncludesZero(panel.scale() == Scale.FROM_ZERO);
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
      for (int s = 0; s < panel.series().size(); s++) {
        renderer.setSeriesStroke(s, new BasicStroke(2f));
      }
      XYPlot plot = new XYPlot(lines, null, yAxis, renderer);
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
