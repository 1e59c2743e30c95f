package dev.soma.data;

import dev.soma.SomaException;
import java.util.ArrayList;
import java.util.List;

/** Splitting one CSV line into trimmed fields (RFC 4180 quotes within a line) and strict number parsing. */
final class CsvLine {
    private CsvLine() {
    }

    static String[] split(String line, char delimiter, String src, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        sb.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    sb.append(c);
                }
            } else if (c == delimiter) {
                fields.add(wasQuoted ? sb.toString() : sb.toString().trim());
                sb.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && sb.toString().isBlank()) {
                sb.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else {
                sb.append(c);
            }
        }
        if (quoted) {
            throw new SomaException(src + ":" + lineNo + ": unterminated quoted field");
        }
        fields.add(wasQuoted ? sb.toString() : sb.toString().trim());
        return fields.toArray(new String[0]);
    }

    /** The value of a decimal number ("12", "-3.5", "1e-3", ".5"), or null if the text is not one. */
    static Double number(String s) {
        int n = s.length();
        if (n == 0 || n > 64) {
            return null;
        }
        boolean digit = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return null;
            }
        }
        if (!digit) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True for an empty field or a NaN/infinity spelling (as pandas reads them). */
    static boolean isMissingOrNonFinite(String s) {
        if (s.isEmpty()) {
            return true;
        }
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity")
                || t.equalsIgnoreCase("na") || t.equalsIgnoreCase("null");
    }
}
