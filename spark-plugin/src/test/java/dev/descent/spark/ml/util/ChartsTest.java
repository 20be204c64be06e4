package dev.descent.spark.ml.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  private static XYPlot onlyPanel(JFreeChart chart) {
    List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
    assertEquals(1, panels.size());
    return panels.get(0);
  }

  @Test
  void logAxesLeaveOutPointsTheyCannotPlace() {
    Charts.Series series = new Charts.Series("run", new double[] {0, 0.5, 5, 50},
        new double[] {1, 0.1, -0.2, 0.01});
    JFreeChart chart = Charts.chart("t", "seconds", Charts.Scale.LOG,
        List.of(new Charts.Panel("gap", Charts.Scale.LOG, List.of(series))));
    LogAxis xAxis = assertInstanceOf(LogAxis.class, chart.getXYPlot().getDomainAxis());
    // Ticks at whole powers of ten (a tick unit is an exponent step on a log axis).
    assertEquals(1.0, xAxis.getStandardTickUnits().getCeilingTickUnit(0.3).getSize());
    XYPlot panel = onlyPanel(chart);
    assertInstanceOf(LogAxis.class, panel.getRangeAxis());
    XYSeriesCollection lines = (XYSeriesCollection) panel.getDataset();
    // x = 0 has no place on a log axis; y = -0.2 becomes a gap (NaN), the others stay.
    assertEquals(3, lines.getItemCount(0));
    assertEquals(0.5, lines.getXValue(0, 0));
    assertEquals(0.1, lines.getYValue(0, 0));
    assertTrue(Double.isNaN(lines.getYValue(0, 1)));
    assertEquals(0.01, lines.getYValue(0, 2));
  }

  /** Norms between 0.8 and 3: powers of ten would label one line of the axis, or none. */
  @Test
  void aLogPanelSpanningLessThanTwoDecadesIsLinear() {
    double[] x = {0, 1, 2, 3};
    JFreeChart chart = Charts.chart("t", "epoch", Charts.Scale.WHOLE_NUMBERS,
        List.of(new Charts.Panel("norm", Charts.Scale.LOG,
            List.of(new Charts.Series("all parameters", x, new double[] {0.8, 1.5, 2.4, 3})))));
    NumberAxis yAxis = assertInstanceOf(NumberAxis.class, onlyPanel(chart).getRangeAxis());
    assertTrue(!yAxis.getAutoRangeIncludesZero());
  }

  /** Epochs 0 to 5: ticks at whole epochs only, and the axis ends at the last one. */
  @Test
  void anEpochAxisHasWholeNumberTicksAndNoMargin() {
    double[] x = {0, 1, 2, 3, 4, 5};
    JFreeChart chart = Charts.chart("t", "epoch", Charts.Scale.WHOLE_NUMBERS,
        List.of(new Charts.Panel("objective", Charts.Scale.LINEAR,
            List.of(new Charts.Series("training", x, new double[] {6, 5, 4, 3, 2, 1})))));
    NumberAxis xAxis = assertInstanceOf(NumberAxis.class, chart.getXYPlot().getDomainAxis());
    assertEquals(1.0, xAxis.getStandardTickUnits().getCeilingTickUnit(0.3).getSize());
    assertEquals(0.0, xAxis.getRange().getLowerBound());
    assertEquals(5.0, xAxis.getRange().getUpperBound());
  }

  /** A series with no value at all (gradient norms that model averaging does not record). */
  @Test
  void aLogPanelOfOnlyNaNsIsDrawnEmpty(@TempDir Path dir) throws Exception {
    double[] x = {0, 1, 2};
    double[] nan = {Double.NaN, Double.NaN, Double.NaN};
    List<Charts.Panel> panels = List.of(
        new Charts.Panel("objective", Charts.Scale.LINEAR,
            List.of(new Charts.Series("training", x, new double[] {3, 2, 1}))),
        new Charts.Panel("gradient norm", Charts.Scale.LOG,
            List.of(new Charts.Series("layer 1", x, nan))));
    String path = dir.resolve("nan.png").toString();
    Charts.writePng(path, "t", "epoch", panels, 300, 300);
    assertEquals(300, ImageIO.read(new File(path)).getWidth());
    XYPlot gradients = ((CombinedDomainXYPlot) Charts.chart("t", "epoch", Charts.Scale.LINEAR,
        panels).getXYPlot()).getSubplots().get(1);
    XYSeriesCollection lines = (XYSeriesCollection) gradients.getDataset();
    assertEquals(3, lines.getItemCount(0));
    assertTrue(Double.isNaN(lines.getYValue(0, 1)));
  }

  @Test
  void linearAxesKeepEveryPoint() {
    Charts.Series series = new Charts.Series("run", new double[] {0, 1, 2},
        new double[] {-1, Double.POSITIVE_INFINITY, 3});
    JFreeChart chart = Charts.chart("t", "epoch", Charts.Scale.LINEAR,
        List.of(new Charts.Panel("objective", Charts.Scale.FROM_ZERO, List.of(series))));
    assertInstanceOf(NumberAxis.class, chart.getXYPlot().getDomainAxis());
    XYPlot panel = onlyPanel(chart);
    assertTrue(((NumberAxis) panel.getRangeAxis()).getAutoRangeIncludesZero());
    XYSeriesCollection lines = (XYSeriesCollection) panel.getDataset();
    assertEquals(3, lines.getItemCount(0));
    assertEquals(-1.0, lines.getYValue(0, 0));
    assertTrue(Double.isNaN(lines.getYValue(0, 1)));
  }

  @Test
  void everyLineOfAPanelHasItsOwnDarkEnoughColour(@TempDir Path dir) throws Exception {
    double[] x = {0, 1};
    List<Charts.Series> lines = List.of(new Charts.Series("a", x, new double[] {1, 2}),
        new Charts.Series("b", x, new double[] {2, 3}), new Charts.Series("c", x, new double[] {3, 4}),
        new Charts.Series("d", x, new double[] {4, 5}), new Charts.Series("e", x, new double[] {5, 6}));
    List<Charts.Panel> panels = List.of(new Charts.Panel("y", Charts.Scale.LINEAR, lines));
    XYPlot panel = onlyPanel(Charts.chart("t", "x", Charts.Scale.LINEAR, panels));
    Set<Paint> paints = new HashSet<>();
    for (int s = 0; s < lines.size(); s++) {
      Color colour = (Color) panel.getRenderer().getSeriesPaint(s);
      assertNotNull(colour);
      // Perceived brightness well below white's (JFreeChart's default fourth colour, a pale
      // yellow, is 0.92 and hard to see on the white background).
      double brightness = (0.299 * colour.getRed() + 0.587 * colour.getGreen()
          + 0.114 * colour.getBlue()) / 255;
      assertTrue(brightness < 0.75, "line " + s + " is too pale: " + colour);
      paints.add(colour);
    }
    assertEquals(lines.size(), paints.size());

    String path = dir.resolve("nested/chart.png").toString();
    Charts.writePng(path, "t", "x", panels, 400, 300);
    BufferedImage image = ImageIO.read(new File(path));
    assertEquals(400, image.getWidth());
    assertEquals(300, image.getHeight());
    int fourth = ((Color) panel.getRenderer().getSeriesPaint(3)).getRGB() & 0xffffff;
    boolean drawn = false;
    for (int px = 0; px < image.getWidth() && !drawn; px++) {
      for (int py = 0; py < image.getHeight() && !drawn; py++) {
        drawn = (image.getRGB(px, py) & 0xffffff) == fourth;
      }
    }
    assertTrue(drawn, "no pixel has the fourth line's colour");
  }
}
