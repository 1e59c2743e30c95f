package dev.soma.io;

import dev.soma.SomaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny, strict JSON parser and writer (RFC 8259), with no dependencies.
 *
 * <p>Parsing maps objects to {@link LinkedHashMap} (key order kept; duplicate keys refused), arrays to
 * {@link ArrayList}, strings to {@link String}, numbers to {@link Long} when they are integers that fit in 64 bits
 * and to {@link Double} otherwise, {@code true}/{@code false} to {@link Boolean}, {@code null} to {@code null}.
 * It is strict: no comments, no trailing commas, no leading zeros, no NaN/Infinity, no unescaped control
 * characters, nothing after the value but whitespace. Nesting deeper than {@link #MAX_DEPTH} and texts longer than
 * {@link #MAX_CHARS} are refused, so a hostile header cannot exhaust the stack or the heap. Every error is a
 * {@link SomaException} naming the source and the character offset.
 *
 * <p>Writing accepts Map (string keys), List, String, Number, Boolean, null, and float[], double[], int[], long[],
 * String[] (as arrays). Non-finite numbers are refused (JSON has none).
 */
public final class Json {
    /** Deepest nesting of arrays/objects accepted by the parser. */
    public static final int MAX_DEPTH = 64;
    /** Longest text accepted by the parser (100 M characters, like the safetensors header limit). */
    public static final int MAX_CHARS = 100_000_000;

    private Json() {
    }

    /** Parses one JSON value from {@code text}. */
    public static Object parse(String text) {
        return parse(text, "JSON");
    }

    /** Parses one JSON value; {@code source} names the text in error messages ("model.safetensors header"). */
    public static Object parse(String text, String source) {
        if (text.length() > MAX_CHARS) {
            throw new SomaException(source + ": JSON text of " + text.length() + " characters exceeds the limit of " + MAX_CHARS);
        }
        return new JsonParser(text, source, MAX_DEPTH).parseDocument();
    }

    /** Compact JSON text of {@code value}. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1, 0);
        return sb.toString();
    }

    /** JSON text of {@code value}, indented by two spaces per level when {@code pretty}. */
    public static String write(Object value, boolean pretty) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, pretty ? 2 : -1, 0);
        return sb.toString();
    }

    private static void newline(StringBuilder sb, int indent, int level) {
        if (indent >= 0) {
            sb.append('\n');
            sb.append(" ".repeat(indent * level));
        }
    }

    private static void write(StringBuilder sb, Object v, int indent, int level) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String) {
            quote(sb, (String) v);
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Number) {
            number(sb, (Number) v);
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new SomaException("JSON object keys must be strings, got " + typeName(e.getKey()));
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(sb, indent, level + 1);
                quote(sb, (String) e.getKey());
                sb.append(indent >= 0 ? ": " : ":");
                write(sb, e.getValue(), indent, level + 1);
            }
            if (!m.isEmpty()) {
                newline(sb, indent, level);
            }
            sb.append('}');
        } else if (v instanceof Iterable) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Iterable<?>) v) {
                if (!first) {
                    sb.append(indent >= 0 ? ", " : ",");
                }
                first = false;
                write(sb, o, indent, level + 1);
            }
            sb.append(']');
        } else if (v instanceof float[] || v instanceof double[] || v instanceof int[] || v instanceof long[] || v instanceof String[]) {
            write(sb, boxed(v), indent, level);
        } else {
            throw new SomaException("cannot write a " + typeName(v) + " as JSON");
        }
    }

    private static List<Object> boxed(Object array) {
        List<Object> out = new ArrayList<>();
        if (array instanceof float[]) {
            for (float f : (float[]) array) {
                out.add(f);
            }
        } else if (array instanceof double[]) {
            for (double d : (double[]) array) {
                out.add(d);
            }
        } else if (array instanceof int[]) {
            for (int i : (int[]) array) {
                out.add(i);
            }
        } else if (array instanceof long[]) {
            for (long l : (long[]) array) {
                out.add(l);
            }
        } else {
            out.addAll(List.of((String[]) array));
        }
        return out;
    }

    private static void number(StringBuilder sb, Number n) {
        if (n instanceof Float) {
            float f = n.floatValue();
            if (!Float.isFinite(f)) {
                throw new SomaException("JSON has no " + f + "; only finite numbers can be written");
            }
            sb.append(f == Math.rint(f) && Math.abs(f) < 1e7f ? Long.toString((long) f) : Float.toString(f));
        } else if (n instanceof Double) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new SomaException("JSON has no " + d + "; only finite numbers can be written");
            }
            sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else {
            sb.append(n.toString());
        }
    }

    /** Appends {@code s} as a JSON string literal, escaping quotes, backslashes and control characters. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    /** Convenience: the JSON object {@code o} as a map, or an error naming {@code what}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new SomaException(what + ": expected a JSON object, got " + describe(o));
        }
        return (Map<String, Object>) o;
    }

    /** Convenience: the JSON array {@code o} as a list, or an error naming {@code what}. */
    @SuppressWarnings("unchecked")
    public static List<Object> asArray(Object o, String what) {
        if (!(o instanceof List)) {
            throw new SomaException(what + ": expected a JSON array, got " + describe(o));
        }
        return (List<Object>) o;
    }

    /** A short description of a parsed JSON value for error messages. */
    public static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String) {
            String s = (String) o;
            return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (o instanceof Map) {
            return "an object";
        }
        if (o instanceof List) {
            return "an array";
        }
        return o.toString();
    }

    /** An ordered map builder for writing: {@code Json.object("a", 1, "b", List.of(2, 3))}. */
    public static Map<String, Object> object(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new SomaException("Json.object needs key/value pairs, got " + keyValues.length + " arguments");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
