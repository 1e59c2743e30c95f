package dev.soma.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The page in real headless Chromium: it trains, it draws, its URL is its set-up, uploads and the NaN guard. */
class PlaygroundBrowserTest {
    static PlaygroundServer server;

    @BeforeAll
    static void start() {
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.port = 0;
        server = PlaygroundServer.start(o);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static double number(Browser b, String id) {
        String t = b.driver.findElement(By.id(id)).getText().replace(",", "");
        return t.equals("–") ? Double.NaN : Double.parseDouble(t);
    }

    static void loaded(Browser b, String url) {
        b.driver.get(url);
        b.until(20, "the first frame", d -> ((Number) b.js("return window.somaStats ? window.somaStats.frames : 0")).intValue() > 0
                && !b.driver.findElement(By.id("trainLoss")).getText().equals("–"));
    }

    @Test
    void playTrainsTheNetworkAndTheHeatMapChanges() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (Browser b = Browser.open()) {
                loaded(b, server.uri().toString());
                WebElement heat = b.driver.findElement(By.cssSelector(".heat-wrap"));
                BufferedImage before = Browser.shot(heat);
                double loss0 = number(b, "trainLoss");
                b.driver.findElement(By.id("play")).click();
                b.until(60, "200 epochs", d -> number(b, "epoch") >= 200);
                b.driver.findElement(By.id("play")).click();
                b.until(10, "paused", d -> !b.driver.findElement(By.id("play")).getAttribute("class").contains("playing"));
                double loss1 = number(b, "trainLoss");
                assertTrue(loss1 < loss0 / 3, "training loss " + loss0 + " -> " + loss1);
                BufferedImage after = Browser.shot(heat);
                double diff = Browser.difference(before, after);
                assertTrue(diff > 10, "the heat map changed by " + diff + " of 255 per channel on average");
                // the neurons' own maps are drawn: a hidden unit's canvas is not blank
                WebElement unit = b.driver.findElement(By.cssSelector(".node.unit canvas"));
                BufferedImage u = Browser.shot(unit);
                assertTrue(u.getRGB(2, 2) != u.getRGB(u.getWidth() - 3, u.getHeight() - 3) || Browser.difference(u, after) > 0);
            }
        });
    }

    @Test
    void theUrlIsTheSetUpAndReloadingItRestoresIt() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (Browser b = Browser.open()) {
                loaded(b, server.uri().toString());
                new Select(b.driver.findElement(By.id("learningRate"))).selectByValue("0.1");
                b.until(10, "learning rate in the URL", d -> d.getCurrentUrl().contains("learningRate=0.1&"));
                b.driver.findElement(By.cssSelector(".datasets canvas[data-name=xor]")).click();
                b.until(10, "xor in the URL", d -> d.getCurrentUrl().contains("dataset=xor"));
                b.driver.findElement(By.id("addLayer")).click();
                b.until(10, "three layers in the URL", d -> d.getCurrentUrl().contains("layers=4%2C2%2C2"));
                b.driver.findElement(By.cssSelector(".node.feature[data-feature='x1x2']")).click();
                b.until(10, "x1x2 in the URL", d -> d.getCurrentUrl().contains("features=x1%2Cx2%2Cx1x2"));
                b.driver.findElement(By.id("discretize")).click();
                b.until(10, "discretize in the URL", d -> d.getCurrentUrl().contains("discretize=true"));
                String url = b.driver.getCurrentUrl();
                @SuppressWarnings("unchecked")
                Map<String, Object> first = (Map<String, Object>) b.js("return frame.settings");
                String firstSession = (String) b.js("return session");
                b.driver.navigate().refresh();
                b.until(20, "a frame of a new session", d -> {
                    Object s = b.js("return typeof frame !== 'undefined' && frame ? frame.session : null");
                    return s != null && !s.equals(firstSession);
                });
                @SuppressWarnings("unchecked")
                Map<String, Object> second = (Map<String, Object>) b.js("return frame.settings");
                assertEquals(first, second);
                assertEquals(url, b.driver.getCurrentUrl());
                assertEquals("0.1", new Select(b.driver.findElement(By.id("learningRate"))).getFirstSelectedOption().getAttribute("value"));
                assertTrue(b.driver.findElement(By.id("discretize")).isSelected());
                assertEquals("3", b.driver.findElement(By.id("layerCount")).getText());
                assertTrue(b.driver.findElement(By.cssSelector(".datasets canvas[data-name=xor]")).getAttribute("class").contains("selected"));
            }
        });
    }

    @Test
    void aCsvUploadReplacesTheDataAndABadOneSaysWhy(@TempDir Path dir) {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            StringBuilder csv = new StringBuilder("x1,x2,label\n");
            for (int i = 0; i < 90; i++) {
                double a = i * 2 * Math.PI / 30;
                int k = i % 3;
                csv.append(Math.cos(a) * (1 + 1.5 * k)).append(',').append(Math.sin(a) * (1 + 1.5 * k)).append(',').append(k).append('\n');
            }
            Path good = dir.resolve("rings.csv");
            Files.writeString(good, csv);
            Path bad = dir.resolve("bad.csv");
            Files.writeString(bad, "x1,x2,label\n1,2,0\n3,4\n");
            try (Browser b = Browser.open()) {
                loaded(b, server.uri().toString());
                b.driver.findElement(By.id("csv")).sendKeys(good.toString());
                b.until(20, "the upload", d -> "csv".equals(b.js("return frame.settings.dataset")));
                assertEquals(3L, b.js("return frame.classes"));
                assertTrue(b.driver.findElement(By.id("banner")).getText().contains("Loaded rings.csv"));
                b.until(10, "the uploaded points", d -> Long.valueOf(90 * 3).equals(b.js("return points.train.length + points.test.length")));
                b.driver.findElement(By.id("csv")).sendKeys(bad.toString());
                b.until(10, "the error", d -> b.driver.findElement(By.id("banner")).getText()
                        .equals("bad.csv: CSV line 3: expected 3 comma-separated fields (x1, x2, label), found 2"));
                assertEquals("csv", b.js("return frame.settings.dataset"), "the good data stays");
            }
        });
    }

    @Test
    void aHugeLearningRateTriggersTheDivergenceGuard() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (Browser b = Browser.open()) {
                loaded(b, server.uri() + "#dataset=plane&problem=regression&layers=8,8&activations=relu,relu");
                new Select(b.driver.findElement(By.id("learningRate"))).selectByValue("100");
                b.until(10, "the new rate", d -> Double.valueOf(100).equals(((Number) b.js("return frame.settings.learningRate")).doubleValue()));
                b.driver.findElement(By.id("play")).click();
                String banner = b.until(30, "the divergence message", d -> {
                    String t = d.findElement(By.id("banner")).getText();
                    return t.startsWith("Diverged:") ? t : null;
                });
                assertTrue(banner.contains("with learning rate 100"), banner);
                assertEquals("diverged", b.js("return frame.status"));
                assertTrue(!b.driver.findElement(By.id("play")).getAttribute("class").contains("playing"));
                assertTrue(!b.driver.findElement(By.id("trainLoss")).getText().equals("NaN"));
            }
        });
    }
}
