package dev.descent.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The benchmarks' PNG charts, drawn with JFreeChart as the library's own charts are (one charting
 * library for the whole project). Drawing needs no display: unless the JVM set
 * {@code java.awt.headless}, it is set to true before AWT loads.
 */
final class BenchmarkCharts {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Line colours and markers, the same in every panel (the legend lists each line once). */
  private static final Color[] PALETTE = {new Color(0xD62728), new Color(0x1F77B4),
      new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD), new Color(0x8C564B)};
  private static final Shape[] SHAPES = DefaultDrawingSupplier.createStandardSeriesShapes();

  /** One line of points (x[i], y[i]), drawn in the order given. */
  record Line(String name, double[] x, double[] y) {}

  private BenchmarkCharts() {}

  /** A bar per (label, value), labels slanted under the bars. */
  static void bars(Path file, String title, String valueLabel, List<String> labels,
      List<Double> values) throws IOException {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (int i = 0; i < labels.size(); i++) {
      dataset.addValue(values.get(i), valueLabel, labels.get(i));
    }
    CategoryAxis categories = new CategoryAxis();
    categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    categories.setMaximumCategoryLabelLines(2);
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    CategoryPlot plot = new CategoryPlot(dataset, categories, new NumberAxis(valueLabel),
        renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1400, 800);
  }

  /**
   * Lines with a marker at every point over two stacked panels sharing the x axis: the whole
   * range of y above, and below the same lines zoomed on [{@code zoomFrom}, {@code zoomTo}]
   * with a horizontal line at {@code target}.
   */
  static void curves(Path file, String title, String xLabel, String yLabel, List<Line> lines,
      double target, String targetLabel, double zoomFrom, double zoomTo) throws IOException {
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis(xLabel));
    combined.setGap(14);
    combined.add(panel(lines, yLabel, null, target, targetLabel, true), 1);
    combined.add(panel(lines, yLabel + " (zoomed)", new double[] {zoomFrom, zoomTo}, target,
        targetLabel, false), 1);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 900);
  }

  private static XYPlot panel(List<Line> lines, String yLabel, double[] range, double target,
      String targetLabel, boolean inLegend) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Line line : lines) {
      XYSeries series = new XYSeries(line.name(), false, true);
      for (int i = 0; i < line.x().length; i++) {
        series.add(line.x()[i], line.y()[i]);
      }
      data.addSeries(series);
    }
    NumberAxis yAxis = new NumberAxis(yLabel);
    yAxis.setAutoRangeIncludesZero(false);
    if (range != null) {
      yAxis.setRange(range[0], range[1]);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int s = 0; s < lines.size(); s++) {
      renderer.setSeriesStroke(s, new BasicStroke(2f));
      renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
      renderer.setSeriesShape(s, SHAPES[s % SHAPES.length]);
      renderer.setSeriesVisibleInLegend(s, inLegend);
    }
    XYPlot plot = new XYPlot(data, null, yAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    ValueMarker marker = new ValueMarker(target, Color.DARK_GRAY, new BasicStroke(1.5f,
        BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
    marker.setLabel(targetLabel);
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(marker);
    return plot;
  }
}
