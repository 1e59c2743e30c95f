package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void shortDemoReportsAndWritesItsFiles() throws Exception {
        Path model = dir.resolve("demo.safetensors");
        Path plot = dir.resolve("demo.png");
        Cli r = Cli.run("demo", "--epochs", "1", "--architecture", "linear:784:32,relu,linear:32:10", "--show", "2",
                "--out", model.toString(),
                "--plot", plot.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("8,000 train, 0 dev, 2,000 test examples"), r.out);
        assertTrue(r.out.contains("Confusion matrix of the 2,000 held-out digits"), r.out);
        assertTrue(r.out.contains("  test_loss "), "the demo monitors its held-out digits:\n" + r.out);
        assertTrue(r.out.contains("Some digits it got wrong:"), r.out);
        assertTrue(r.out.matches("(?s).*#\\d+: true \\d, predicted \\d.*"), r.out);
        assertTrue(r.out.matches("(?s).*Test accuracy \\d+\\.\\d\\d% in .*"), r.out);
        assertTrue(Files.size(model) > 25_000 * 4);
        assertEquals(HistoryChart.PANEL_HEIGHT, ImageIO.read(plot.toFile()).getHeight());
        Cli again = Cli.run("demo", "--epochs", "1", "--out", model.toString(), "--plot",
                plot.toString());
        assertEquals(2, again.code, "an explicit --out is not overwritten without --force");
        assertEquals("soma: error: --out " + model + ": file exists (use --force to overwrite it)\n", again.errLines());
    }
}
