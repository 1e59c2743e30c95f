package dev.soma.data;

import dev.soma.SomaException;
import dev.soma.io.SafeTensors;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM with a small heap by {@link HostileInputTest}: loads each "KIND=PATH" argument and prints one
 * line per file: "SomaException: message", "OK", or the unexpected throwable's class and message.
 */
public final class HostileProbe {
    private HostileProbe() {
    }

    public static void main(String[] args) {
        for (String a : args) {
            int eq = a.indexOf('=');
            String kind = a.substring(0, eq);
            Path p = Path.of(a.substring(eq + 1));
            String result;
            try {
                load(kind, p);
                result = "OK";
            } catch (SomaException e) {
                result = "SomaException: " + e.getMessage();
            } catch (Throwable t) {
                result = "UNEXPECTED " + t.getClass().getName() + ": " + t.getMessage();
            }
            System.out.println(result.replace('\n', ' '));
        }
    }

    static void load(String kind, Path p) {
        switch (kind) {
            case "idx" -> IdxReader.read(p);
            case "mnist" -> IdxImages.openDirectory(p, "m", ImageDataset.numberedClasses(10));
            case "safetensors" -> SafeTensors.read(p);
            case "csv" -> new CsvReader().read(p);
            case "cifar" -> Cifar10Reader.readDirectory(p);
            default -> throw new IllegalArgumentException(kind + " in " + List.of("idx", "mnist", "safetensors", "csv", "cifar"));
        }
    }
}
