package dev.soma.cli;

import dev.soma.SomaException;
import dev.soma.data.DigitImages;
import dev.soma.data.IdxReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the inputs of {@code soma predict}: a PNG/JPEG/GIF/BMP picture of a digit (converted the MNIST way by
 * {@link DigitImages}), an IDX file of images (bytes scaled /255), or a CSV file with one example per line (numbers
 * only, an optional header line).
 */
final class PredictInputs {
    /** Rows of {@code features} values, row-major, and how they were read. */
    final float[] rows;
    final int count;
    final String kind;

    private PredictInputs(float[] rows, int count, String kind) {
        this.rows = rows;
        this.count = count;
        this.kind = kind;
    }

    static PredictInputs read(Path file, int features) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.matches(".*\\.(png|jpe?g|gif|bmp)$")) {
            if (features != DigitImages.SIZE * DigitImages.SIZE) {
                throw new UsageException("--input " + file + ": a picture becomes 784 values (28x28), but the model "
                        + "expects " + features + " inputs");
            }
            return new PredictInputs(DigitImages.read(file), 1, "picture, converted to 28x28 the MNIST way");
        }
        if (name.contains("idx") || name.contains("-ubyte")) {
            IdxReader.Idx idx = IdxReader.read(file);
            int n = idx.dims()[0];
            int per = n == 0 ? 0 : idx.count() / n;
            if (per != features) {
                throw new UsageException("--input " + file + ": IDX items of " + per + " values, but the model expects "
                        + features + " inputs");
            }
            float[] x = new float[idx.count()];
            if (idx.bytes() != null) {
                byte[] b = idx.bytes();
                for (int i = 0; i < b.length; i++) {
                    x[i] = (b[i] & 0xff) / 255f;
                }
            } else {
                System.arraycopy(idx.values(), 0, x, 0, x.length);
            }
            return new PredictInputs(x, n, "IDX file, values scaled /255");
        }
        return csv(file, features);
    }

    static PredictInputs csv(Path file, int features) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SomaException(file + ": cannot read: " + e.getMessage());
        }
        List<float[]> rows = new ArrayList<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != features) {
                throw new SomaException(file + ":" + (ln + 1) + ": " + f.length + " fields, expected " + features
                        + " (the model's inputs)");
            }
            float[] row = new float[features];
            boolean header = false;
            for (int c = 0; c < features; c++) {
                String v = f[c].trim().replace("\"", "");
                try {
                    row[c] = Float.parseFloat(v);
                } catch (NumberFormatException e) {
                    if (rows.isEmpty() && ln == firstNonBlank(lines)) {
                        header = true;
                        break;
                    }
                    throw new SomaException(file + ":" + (ln + 1) + ": column " + (c + 1) + ": '" + v + "' is not a number");
                }
                if (!Float.isFinite(row[c])) {
                    throw new SomaException(file + ":" + (ln + 1) + ": column " + (c + 1) + ": '" + v + "' is not finite");
                }
            }
            if (!header) {
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new SomaException(file + ": no rows of numbers to predict");
        }
        float[] x = new float[rows.size() * features];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, x, i * features, features);
        }
        return new PredictInputs(x, rows.size(), "CSV file");
    }

    private static int firstNonBlank(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }
}
