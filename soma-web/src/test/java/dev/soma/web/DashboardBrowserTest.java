package dev.soma.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The dashboard page in headless Chromium, on the record of a real (small) run. */
class DashboardBrowserTest {
    @Test
    void thePageDrawsTheRunAndItsTestResults() {
        RunRecorder[] rec = new RunRecorder[1];
        Map<String, Object> record = DashboardTest.trainedRecord(rec);
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.port = 0;
        o.extra = new Dashboard().add("live", rec[0]);
        try (PlaygroundServer server = PlaygroundServer.start(o)) {
            assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
                try (Browser b = Browser.open()) {
                    b.driver.get(server.uri().toString());
                    b.until(20, "the confusion matrix", d -> d.findElements(By.cssSelector("#confusion td")).size() == 4);
                    Map<String, Object> result = Json.asObject(record.get("result"), "result");
                    int wrong = Json.asArray(Json.parse(Json.write(result.get("misclassified"))), "m").size();
                    assertEquals(wrong, b.driver.findElements(By.cssSelector("#wrong figure")).size());
                    assertEquals("finished", b.driver.findElement(By.id("status")).getText());
                    assertEquals("3 / 3", b.driver.findElement(By.id("epoch")).getText());
                    assertEquals(6, b.driver.findElements(By.cssSelector("#hist figure")).size());
                    // the loss chart has a drawn line: its screenshot is not one flat colour
                    BufferedImage loss = Browser.shot(b.driver.findElement(By.id("loss")));
                    long distinct = java.util.stream.IntStream.range(0, loss.getWidth()).map(x -> loss.getRGB(x, loss.getHeight() / 2))
                            .distinct().count();
                    assertTrue(distinct > 3, "colours across the loss chart: " + distinct);
                    List<?> keys = b.driver.findElements(By.cssSelector("#gradsKeys span"));
                    assertEquals(6, keys.size());
                }
            });
        }
    }
}
