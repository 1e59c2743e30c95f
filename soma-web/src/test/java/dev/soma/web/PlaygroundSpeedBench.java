package dev.soma.web;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The playground's speed as the page sees it (a benchmark, not a test; docs/PERFORMANCE.md): the default 2-4-2-1
 * network on 500 circles points, played in headless Chromium for {@code -Dsoma.bench.seconds} (default 10) after 3 s
 * of warm-up; prints the frames per second the page received and the epochs per second the engine trained. Run with
 * {@code mvn -pl soma-web -am test -Dtest=PlaygroundSpeedBench -Dsurefire.failIfNoSpecifiedTests=false -Dsoma.bench=true}.
 */
class PlaygroundSpeedBench {
    @Test
    void framesAndEpochsPerSecond() {
        assumeTrue(Boolean.getBoolean("soma.bench"), "a benchmark: run with -Dsoma.bench=true");
        int seconds = Integer.getInteger("soma.bench.seconds", 10);
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.port = 0;
        try (PlaygroundServer server = PlaygroundServer.start(o)) {
            assertTimeoutPreemptively(Duration.ofSeconds(seconds + 90), () -> {
                try (Browser b = Browser.open()) {
                    PlaygroundBrowserTest.loaded(b, server.uri().toString());
                    b.driver.findElement(By.id("play")).click();
                    Thread.sleep(3000);
                    long f0 = ((Number) b.js("return window.somaStats.frames")).longValue();
                    long e0 = ((Number) b.js("return frame.epoch")).longValue();
                    long t0 = System.nanoTime();
                    Thread.sleep(seconds * 1000L);
                    long f1 = ((Number) b.js("return window.somaStats.frames")).longValue();
                    long e1 = ((Number) b.js("return frame.epoch")).longValue();
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "playground speed: %.1f frames/s received by the page, %.0f epochs/s "
                            + "(2-4-2-1, 500 points, batch 10, %.1f s)%n", (f1 - f0) / s, (e1 - e0) / s, s);
                }
            });
        }
    }
}
