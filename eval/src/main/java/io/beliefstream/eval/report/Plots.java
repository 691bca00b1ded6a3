package io.beliefstream.eval.report;

import io.beliefstream.eval.EvalException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Shared chart helpers: headless rendering, a light style, bucketed down-sampling for long series. */
final class Plots {
    /** Colours for successive detectors or forecasters. */
    static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};
    static final Color WINDOW = new Color(214, 39, 40, 60);
    static final Color PROBATION = new Color(160, 160, 160, 50);
    static final Color ACTUAL = new Color(40, 40, 40);

    private Plots() {
    }

    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static XYChart chart(String title, String yTitle, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("").yAxisTitle(yTitle)
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setAntiAlias(true);
        c.getStyler().setDatePattern("yyyy-MM-dd");
        return c;
    }

    static XYSeries line(XYChart c, String name, List<Date> x, List<? extends Number> y, Color color, float width) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(width);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return s;
    }

    static XYSeries dashed(XYChart c, String name, List<Date> x, List<? extends Number> y, Color color) {
        XYSeries s = line(c, name, x, y, color, 1f);
        s.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f},
                0f));
        return s;
    }

    static XYSeries area(XYChart c, String name, List<Date> x, List<? extends Number> y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        s.setFillColor(color);
        s.setLineColor(color);
        s.setLineWidth(0.5f);
        return s;
    }

    static void save(List<XYChart> charts, Path png) {
        try {
            Files.createDirectories(png.getParent());
            BitmapEncoder.saveBitmap(charts, charts.size(), 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new EvalException("cannot write " + png + ": " + e.getMessage(), e);
        }
        // XChart appends ".png" when the name lacks it; the callers always pass names ending in .png
    }

    /** Bucket boundaries splitting {@code n} rows into at most {@code maxBuckets} buckets. */
    static int[] buckets(int n, int maxBuckets) {
        int b = Math.min(n, maxBuckets);
        int[] edges = new int[b + 1];
        for (int i = 0; i <= b; i++) {
            edges[i] = (int) ((long) i * n / b);
        }
        return edges;
    }

    /** Per bucket: its first timestamp. */
    static List<Date> bucketTimes(long[] t, int[] edges) {
        List<Date> out = new ArrayList<>(edges.length - 1);
        for (int b = 0; b + 1 < edges.length; b++) {
            out.add(new Date(t[edges[b]]));
        }
        return out;
    }

    /** Per bucket: the maximum. */
    static List<Double> bucketMax(double[] v, int[] edges) {
        List<Double> out = new ArrayList<>(edges.length - 1);
        for (int b = 0; b + 1 < edges.length; b++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int i = edges[b]; i < edges[b + 1]; i++) {
                m = Math.max(m, v[i]);
            }
            out.add(m);
        }
        return out;
    }

    /** Per bucket: the value furthest from the bucket's mean, so spikes survive down-sampling. */
    static List<Double> bucketExtreme(double[] v, int[] edges) {
        List<Double> out = new ArrayList<>(edges.length - 1);
        for (int b = 0; b + 1 < edges.length; b++) {
            double sum = 0;
            for (int i = edges[b]; i < edges[b + 1]; i++) {
                sum += v[i];
            }
            double mean = sum / (edges[b + 1] - edges[b]);
            double best = v[edges[b]];
            for (int i = edges[b]; i < edges[b + 1]; i++) {
                if (Math.abs(v[i] - mean) > Math.abs(best - mean)) {
                    best = v[i];
                }
            }
            out.add(best);
        }
        return out;
    }
}
