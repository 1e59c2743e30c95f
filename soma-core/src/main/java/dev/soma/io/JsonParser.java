package dev.soma.io;

import dev.soma.SomaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recursive-descent parser behind {@link Json#parse(String, String)}; strict RFC 8259 with a depth limit. */
final class JsonParser {
    private final String s;
    private final String source;
    private final int maxDepth;
    private int pos;

    JsonParser(String s, String source, int maxDepth) {
        this.s = s;
        this.source = source;
        this.maxDepth = maxDepth;
    }

    Object parseDocument() {
        skipWs();
        Object v = value(0);
        skipWs();
        if (pos < s.length()) {
            throw error("expected end of JSON, found " + found());
        }
        return v;
    }

    private SomaException error(String what) {
        return new SomaException(source + ": invalid JSON at offset " + pos + ": " + what);
    }

    private String found() {
        if (pos >= s.length()) {
            return "end of text";
        }
        char c = s.charAt(pos);
        return c < 0x20 || c > 0x7e ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                break;
            }
        }
    }

    private Object value(int depth) {
        if (pos >= s.length()) {
            throw error("expected a value, found end of text");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected a value, found " + found());
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, pos)) {
            throw error("expected a value, found " + found());
        }
        pos += word.length();
        return v;
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels");
        }
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        pos++; // '{'
        Map<String, Object> m = new LinkedHashMap<>();
        skipWs();
        if (pos < s.length() && s.charAt(pos) == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipWs();
            if (pos >= s.length() || s.charAt(pos) != '"') {
                throw error("expected a string key, found " + found());
            }
            int keyAt = pos;
            String key = string();
            skipWs();
            if (pos >= s.length() || s.charAt(pos) != ':') {
                throw error("expected ':' after key, found " + found());
            }
            pos++;
            skipWs();
            Object v = value(depth);
            if (m.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            m.put(key, v);
            skipWs();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
            } else if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return m;
            } else {
                throw error("expected ',' or '}', found " + found());
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWs();
        if (pos < s.length() && s.charAt(pos) == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWs();
            list.add(value(depth));
            skipWs();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
            } else if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return list;
            } else {
                throw error("expected ',' or ']', found " + found());
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = null;
        int start = pos;
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                pos++;
                return out;
            }
            if (c < 0x20) {
                throw error("unescaped control character U+" + String.format("%04X", (int) c) + " in string");
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(s, start, pos);
                pos++;
                if (pos >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(hex4());
                    default -> {
                        pos--;
                        throw error("invalid escape '\\" + e + "'");
                    }
                }
                start = pos;
            } else {
                pos++;
            }
        }
    }

    private char hex4() {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= s.length() || !isDigit(s.charAt(pos))) {
            throw error("expected a digit, found " + found());
        }
        if (s.charAt(pos) == '0') {
            pos++;
            if (pos < s.length() && isDigit(s.charAt(pos))) {
                throw error("leading zeros are not allowed");
            }
        } else {
            digits();
        }
        boolean integer = true;
        if (pos < s.length() && s.charAt(pos) == '.') {
            integer = false;
            pos++;
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("expected a digit after '.', found " + found());
            }
            digits();
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            integer = false;
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("expected a digit in the exponent, found " + found());
            }
            digits();
        }
        String text = s.substring(start, pos);
        if (integer && text.length() <= 20) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                // falls through to double
            }
        }
        if (text.length() > 1000) {
            throw error("number literal of " + text.length() + " characters");
        }
        return Double.parseDouble(text);
    }

    private void digits() {
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
