package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The building blocks: text art, chart, JSON, progress lines, output checks. */
class PiecesTest {
    @Test
    void textArtShadesAndHalvesTheRows() {
        float[] img = new float[4 * 4];
        img[0] = 1;
        img[4] = 1;     // column 0, rows 0 and 1: full ink
        img[1] = 1;     // column 1, row 0 only: 0.5 → shade 5 of 0..9
        img[15] = 0.2f; // column 3, row 3 (with row 2 = 0): 0.1
        String art = TextArt.render(img, 0, 4, 4);
        assertEquals("@+  \n   .\n", art);
        assertEquals(' ', TextArt.shade(-1));
        assertEquals('@', TextArt.shade(7));
    }

    @Test
    void textArtSideBySide() {
        String s = TextArt.sideBySide(new String[] {"a", "bb"}, new String[] {"@@\n..\n", "::\n==\n"}, 2, 1);
        assertEquals("a  bb\n@@ ::\n.. ==\n", s);
        String trimmed = TextArt.sideBySide(new String[] {"x", "y"}, new String[] {"  \n@ \n  \n  \n", "  \n  \n :\n  \n"},
                2, 1);
        assertEquals("x  y\n@\n    :\n", trimmed);
    }

    @Test
    void chartIsAPngOfTheExpectedSize(@TempDir Path dir) throws Exception {
        HistoryChart.Series s = new HistoryChart.Series(new double[] {1.0, 0.5, 0.3}, new double[] {1.1, 0.6, Double.NaN},
                new double[] {0.5, 0.8, 0.9}, new double[] {0.45, 0.75, 0.85});
        Path png = dir.resolve("h.png");
        HistoryChart.write(png, "test", s);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * HistoryChart.PANEL_WIDTH, img.getWidth());
        assertEquals(HistoryChart.PANEL_HEIGHT, img.getHeight());
        // something other than the white background was drawn in each panel
        assertTrue(countNonWhite(img, 0) > 1000);
        assertTrue(countNonWhite(img, HistoryChart.PANEL_WIDTH) > 1000);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void regressionChartHasOnlyTheLossPanel(@TempDir Path dir) throws Exception {
        double[] nan = {Double.NaN, Double.NaN};
        HistoryChart.Series s = new HistoryChart.Series(new double[] {2, 1}, new double[] {2.5, 1.5}, nan, nan);
        Path png = dir.resolve("r.png");
        HistoryChart.write(png, "houses", s);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(HistoryChart.PANEL_WIDTH, img.getWidth());
        assertEquals(HistoryChart.PANEL_HEIGHT, img.getHeight());
    }

    private static int countNonWhite(BufferedImage img, int x0) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = x0; x < x0 + HistoryChart.PANEL_WIDTH; x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void jsonReportsReplaceNonFiniteNumbersByNull(@TempDir Path dir) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b");
        m.put("i", 3);
        m.put("d", 0.25);
        m.put("nan", Double.NaN);
        m.put("list", List.of(1, Double.POSITIVE_INFINITY));
        m.put("ints", new int[] {1, 2});
        Path f = dir.resolve("r.json");
        JsonOutput.write(f, m);
        Object back = dev.soma.io.Json.parse(Files.readString(f));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\"b");
        expected.put("i", 3L);
        expected.put("d", 0.25);
        expected.put("nan", null);
        expected.put("list", java.util.Arrays.asList(1L, null));
        expected.put("ints", List.of(1L, 2L));
        assertEquals(expected, back);
    }

    @Test
    void plainProgressPrintsOneLinePerEpoch() {
        StringWriter sw = new StringWriter();
        ProgressBar p = new ProgressBar(new PrintWriter(sw), false, 12, 10, 25);
        p.epochStart(3, 3);
        p.batchEnd(3, 1, 3, 0.5, 0.8);
        p.batchEnd(3, 2, 3, 0.4, 0.9);
        p.epochEnd(3, 0.45, 0.85, 0.5, Double.NaN, 1.234, 20.26, 0.001);
        assertEquals("epoch  3/12  loss 0.4500  acc 0.8500  dev_loss 0.5000  1.23 s  20 samples/s  lr 0.00100\n",
                sw.toString());
    }

    @Test
    void terminalProgressRedrawsInPlace() {
        StringWriter sw = new StringWriter();
        ProgressBar p = new ProgressBar(new PrintWriter(sw), true, 2, 10, 20);
        p.epochStart(1, 2);
        p.batchEnd(1, 1, 2, 0.5, 0.8);
        p.batchEnd(1, 2, 2, 0.3, 1.0);
        p.epochEnd(1, 0.4, 0.9, Double.NaN, Double.NaN, 1, 20, 0.01);
        String s = sw.toString();
        assertTrue(s.startsWith("\repoch 1/2 [============>...........] 1/2  loss 0.5000  acc 0.8000"), s);
        assertTrue(s.contains("\repoch 1/2 [========================] 2/2  loss 0.4000  acc 0.9000"), s);
        String last = s.substring(s.lastIndexOf('\r') + 1);
        assertEquals("epoch 1/2  loss 0.4000  acc 0.9000  1.00 s  20 samples/s  lr 0.0100", last.strip());
        assertTrue(s.endsWith("\n"));
        assertEquals("3m07s", ProgressBar.time(187));
        assertEquals("12,346", ProgressBar.count(12345.6));
    }

    @Test
    void outputsAreNotOverwrittenWithoutForce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.safetensors");
        Outputs.checkWritable(f, "--out", false);
        Files.writeString(f, "x");
        UsageException e = assertThrows(UsageException.class, () -> Outputs.checkWritable(f, "--out", false));
        assertEquals("--out " + f + ": file exists (use --force to overwrite it)", e.getMessage());
        Outputs.checkWritable(f, "--out", true);
        Path nodir = dir.resolve("missing/m.safetensors");
        e = assertThrows(UsageException.class, () -> Outputs.checkWritable(nodir, "--out", true));
        assertEquals("--out " + nodir + ": directory " + dir.resolve("missing") + " does not exist", e.getMessage());
    }

    @Test
    void fmtNumbers() {
        assertEquals("-12", Fmt.num(-12.0));
        assertEquals("0.593269992", Fmt.num(0.5932699921071872));
        assertEquals("0.001", Fmt.num(0.001));
        assertEquals("1e-6", Fmt.num(1e-6));
        assertEquals("2.5e-300", Fmt.num(2.5e-300));
    }
}
