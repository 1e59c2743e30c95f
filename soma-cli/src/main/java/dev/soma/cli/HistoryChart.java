package dev.soma.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG chart of a training history drawn with XChart: loss per epoch on the left (train and dev), accuracy per
 * epoch on the right (omitted for regression, where there is none). Missing values (NaN: no dev set) are skipped.
 */
final class HistoryChart {
    /** Size of one panel in pixels. */
    static final int PANEL_WIDTH = 560;
    static final int PANEL_HEIGHT = 400;

    private HistoryChart() {
    }

    /** Per-epoch series (same length; NaN where a value is absent). */
    static final class Series {
        final double[] trainLoss;
        final double[] devLoss;
        final double[] trainAccuracy;
        final double[] devAccuracy;
        /** The legend of the monitored set ("dev"; the demo's is "test"). */
        String devLabel = "dev";

        Series(double[] trainLoss, double[] devLoss, double[] trainAccuracy, double[] devAccuracy) {
            this.trainLoss = trainLoss;
            this.devLoss = devLoss;
            this.trainAccuracy = trainAccuracy;
            this.devAccuracy = devAccuracy;
        }

        boolean hasAccuracy() {
            return present(trainAccuracy) || present(devAccuracy);
        }
    }

    /** The width in pixels of the chart {@link #write} makes for these series. */
    static int width(Series s) {
        return s.hasAccuracy() ? 2 * PANEL_WIDTH : PANEL_WIDTH;
    }

    /** Draws the chart and writes it as a PNG file, titled {@code title}. */
    static void write(Path file, String title, Series s) {
        BufferedImage img = render(title, s);
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".soma-chart", ".png");
            try {
                if (!ImageIO.write(img, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer in this JVM");
                }
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UsageException("--plot " + file + ": cannot write the chart: " + e.getMessage());
        }
    }

    /** The chart as an image. */
    static BufferedImage render(String title, Series s) {
        List<XYChart> panels = new ArrayList<>();
        panels.add(panel(title + ": loss", "loss", s.trainLoss, s.devLoss, s.devLabel, Styler.LegendPosition.InsideNE));
        if (s.hasAccuracy()) {
            panels.add(panel(title + ": accuracy", "accuracy", s.trainAccuracy, s.devAccuracy, s.devLabel,
                    Styler.LegendPosition.InsideSE));
        }
        BufferedImage img = new BufferedImage(PANEL_WIDTH * panels.size(), PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                Graphics2D p = (Graphics2D) g.create(i * PANEL_WIDTH, 0, PANEL_WIDTH, PANEL_HEIGHT);
                panels.get(i).paint(p, PANEL_WIDTH, PANEL_HEIGHT);
                p.dispose();
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static XYChart panel(String title, String yTitle, double[] train, double[] dev, String devLabel,
                                 Styler.LegendPosition legend) {
        XYChart c = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(legend);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setXAxisDecimalPattern("0");
        add(c, "train", train);
        add(c, devLabel, dev);
        if (c.getSeriesMap().isEmpty()) {
            c.addSeries("none", new double[] {1}, new double[] {0});
        }
        return c;
    }

    private static void add(XYChart c, String name, double[] ys) {
        if (ys == null) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < ys.length; i++) {
            if (!Double.isNaN(ys[i]) && !Double.isInfinite(ys[i])) {
                x.add((double) (i + 1));
                y.add(ys[i]);
            }
        }
        if (!x.isEmpty()) {
            XYSeries s = c.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
    }

    private static boolean present(double[] a) {
        if (a == null) {
            return false;
        }
        for (double v : a) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }
}
