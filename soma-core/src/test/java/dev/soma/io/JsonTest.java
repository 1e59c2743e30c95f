package dev.soma.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesAllValueKinds() {
        Object v = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null], \"b\": \"x\\ny\\u00e9\\\"\", \"c\": {}} ");
        Map<String, Object> m = Json.asObject(v, "t");
        assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()));
        List<Object> a = Json.asArray(m.get("a"), "a");
        assertEquals(1L, a.get(0));
        assertEquals(-2.5, a.get(1));
        assertEquals(300.0, a.get(2));
        assertEquals(true, a.get(3));
        assertEquals(false, a.get(4));
        assertNull(a.get(5));
        assertEquals("x\nyé\"", m.get("b"));
        assertEquals(Map.of(), m.get("c"));
    }

    @Test
    void bigIntegersBecomeDoublesAndLongsStayExact() {
        assertEquals(9223372036854775807L, Json.parse("9223372036854775807"));
        assertEquals(-9223372036854775808L, Json.parse("-9223372036854775808"));
        assertEquals(-9.223372036854775809E18, Json.parse("-9223372036854775809"));
        assertEquals(1.0e20, Json.parse("100000000000000000000"));
        assertEquals(-7L, Json.parse("-7"));
        assertEquals(0L, Json.parse("0"));
    }

    @Test
    void refusesNonStrictJsonWithOffset() {
        assertEquals("t: invalid JSON at offset 7: expected a value, found ']'",
                assertThrows(SomaException.class, () -> Json.parse("[1, 2, ]", "t")).getMessage());
        assertEquals("t: invalid JSON at offset 1: leading zeros are not allowed",
                assertThrows(SomaException.class, () -> Json.parse("01", "t")).getMessage());
        assertEquals("t: invalid JSON at offset 9: duplicate key \"a\"",
                assertThrows(SomaException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}", "t")).getMessage());
        assertEquals("t: invalid JSON at offset 3: expected end of JSON, found 'x'",
                assertThrows(SomaException.class, () -> Json.parse("{} x", "t")).getMessage());
        assertEquals("t: invalid JSON at offset 0: expected a value, found 'N'",
                assertThrows(SomaException.class, () -> Json.parse("NaN", "t")).getMessage());
        assertEquals("t: invalid JSON at offset 2: unescaped control character U+000A in string",
                assertThrows(SomaException.class, () -> Json.parse("\"a\nb\"", "t")).getMessage());
        assertEquals("t: invalid JSON at offset 3: unterminated string",
                assertThrows(SomaException.class, () -> Json.parse("\"ab", "t")).getMessage());
        assertEquals("t: invalid JSON at offset 0: expected a value, found end of text",
                assertThrows(SomaException.class, () -> Json.parse("", "t")).getMessage());
    }

    @Test
    void depthIsLimited() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertEquals(1, Json.asArray(Json.parse(ok), "ok").size());
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals("JSON: invalid JSON at offset 64: nesting deeper than 64 levels",
                assertThrows(SomaException.class, () -> Json.parse(deep)).getMessage());
    }

    @Test
    void writesAndRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a\"b\\c\u0001");
        m.put("n", 3);
        m.put("x", 0.25);
        m.put("f", new float[] {1.5f, 2f});
        m.put("list", List.of(1L, "two", false));
        m.put("nil", null);
        String text = Json.write(m);
        assertEquals("{\"name\":\"a\\\"b\\\\c\\u0001\",\"n\":3,\"x\":0.25,\"f\":[1.5,2],\"list\":[1,\"two\",false],\"nil\":null}", text);
        Map<String, Object> back = Json.asObject(Json.parse(text), "back");
        assertEquals("a\"b\\c\u0001", back.get("name"));
        assertEquals(List.of(1.5, 2L), back.get("f"));
        assertEquals("{\n  \"a\": [1, 2],\n  \"b\": {}\n}", Json.write(Json.object("a", new int[] {1, 2}, "b", Map.of()), true));
    }

    @Test
    void floatsRoundTripExactly() {
        float[] values = {0.1f, 1e-7f, 3.4028235e38f, -1.17549435E-38f, 123456.79f};
        Object back = Json.parse(Json.write(values));
        List<Object> list = Json.asArray(back, "v");
        float[] got = new float[values.length];
        for (int i = 0; i < got.length; i++) {
            got[i] = ((Number) list.get(i)).floatValue();
        }
        assertEquals(Arrays.toString(values), Arrays.toString(got));
    }

    @Test
    void refusesNonFiniteAndUnknownTypes() {
        assertEquals("JSON has no NaN; only finite numbers can be written",
                assertThrows(SomaException.class, () -> Json.write(List.of(Double.NaN))).getMessage());
        assertEquals("cannot write a Object as JSON",
                assertThrows(SomaException.class, () -> Json.write(new Object())).getMessage());
    }

    private static Object randomValue(java.util.SplittableRandom rng, int depth) {
        switch (rng.nextInt(depth > 4 ? 5 : 7)) {
            case 0:
                return null;
            case 1:
                return rng.nextBoolean();
            case 2:
                return rng.nextLong();
            case 3:
                return rng.nextDouble() * Math.pow(10, rng.nextInt(-300, 300));
            case 4: {
                StringBuilder sb = new StringBuilder();
                int n = rng.nextInt(8);
                for (int i = 0; i < n; i++) {
                    sb.append((char) (rng.nextBoolean() ? rng.nextInt(0, 0x80) : rng.nextInt(0x80, 0xd800)));
                }
                return sb.toString();
            }
            case 5: {
                List<Object> l = new java.util.ArrayList<>();
                int n = rng.nextInt(4);
                for (int i = 0; i < n; i++) {
                    l.add(randomValue(rng, depth + 1));
                }
                return l;
            }
            default: {
                Map<String, Object> m = new LinkedHashMap<>();
                int n = rng.nextInt(4);
                for (int i = 0; i < n; i++) {
                    m.put("k" + rng.nextInt(1000) + "\"\\\n", randomValue(rng, depth + 1));
                }
                return m;
            }
        }
    }

    @Test
    void randomValuesRoundTrip() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2024);
        for (int i = 0; i < 2000; i++) {
            Object v = randomValue(rng, 0);
            Object back = Json.parse(Json.write(v));
            assertEquals(normalize(v), normalize(back), Json.write(v));
            assertEquals(Json.write(v), Json.write(Json.parse(Json.write(v, true))));
        }
    }

    /** Integral doubles are written as integers (and read back as Long): compare numbers by value. */
    private static Object normalize(Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof List) {
            List<Object> out = new java.util.ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(normalize(o));
            }
            return out;
        }
        if (v instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> out.put(k, normalize(x)));
            return out;
        }
        return v;
    }
}
