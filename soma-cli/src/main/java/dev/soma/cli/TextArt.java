package dev.soma.cli;

/**
 * Draws a grey-scale image (values in [0, 1], 1 = ink) as text: each character stands for a 2×1 block (two rows,
 * one column), so a 28×28 digit becomes 14 lines of 28 characters in the shades {@code " .:-=+*#%@"}.
 */
final class TextArt {
    /** From no ink to full ink. */
    static final String SHADES = " .:-=+*#%@";

    private TextArt() {
    }

    /** The image as {@code height / 2} lines (rounded up) of {@code width} characters, each line ending in '\n'. */
    static String render(float[] pixels, int offset, int width, int height) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < height; r += 2) {
            for (int c = 0; c < width; c++) {
                double v = pixels[offset + r * width + c];
                if (r + 1 < height) {
                    v = (v + pixels[offset + (r + 1) * width + c]) / 2;
                }
                sb.append(shade(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The character for one ink value; values outside [0, 1] are clamped. */
    static char shade(double v) {
        double x = Math.max(0, Math.min(1, v));
        int i = (int) Math.round(x * (SHADES.length() - 1));
        return SHADES.charAt(i);
    }

    /**
     * Several images side by side, each with a caption line above it, separated by {@code gap} spaces; rows that
     * are blank in every image at the top and the bottom are left out.
     */
    static String sideBySide(String[] captions, String[] arts, int width, int gap) {
        StringBuilder sb = new StringBuilder();
        String[][] lines = new String[arts.length][];
        int rows = 0;
        for (int i = 0; i < arts.length; i++) {
            lines[i] = arts[i].split("\n", -1);
            rows = Math.max(rows, lines[i].length - 1);
        }
        int first = 0;
        while (first < rows && blankRow(lines, first)) {
            first++;
        }
        int last = rows - 1;
        while (last >= first && blankRow(lines, last)) {
            last--;
        }
        String pad = " ".repeat(gap);
        for (int i = 0; i < captions.length; i++) {
            String cap = captions[i].length() > width ? captions[i].substring(0, width) : captions[i];
            sb.append(i > 0 ? pad : "").append(cap).append(" ".repeat(width - cap.length()));
        }
        sb.append('\n');
        for (int r = first; r <= last; r++) {
            for (int i = 0; i < arts.length; i++) {
                String l = r < lines[i].length ? lines[i][r] : "";
                sb.append(i > 0 ? pad : "").append(l).append(" ".repeat(Math.max(0, width - l.length())));
            }
            sb.append('\n');
        }
        return sb.toString().replaceAll(" +\n", "\n");
    }

    private static boolean blankRow(String[][] lines, int r) {
        for (String[] l : lines) {
            if (r < l.length && !l[r].isBlank()) {
                return false;
            }
        }
        return true;
    }
}
