package dev.soma.web;

import dev.soma.io.Json;
import java.util.List;
import java.util.Locale;

/** Typed reads of JSON request fields; every failure is a {@link BadRequest} naming the field and what was found. */
final class Fields {
    private Fields() {
    }

    static String string(String field, Object v) {
        if (!(v instanceof String)) {
            throw new BadRequest("field '" + field + "': expected a string, found " + Json.describe(v));
        }
        return (String) v;
    }

    static String oneOf(String field, Object v, List<String> allowed) {
        String s = string(field, v).trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw new BadRequest("field '" + field + "': expected one of " + allowed + ", found \"" + s + "\"");
        }
        return s;
    }

    static int integer(String field, Object v, int min, int max) {
        if (!(v instanceof Long) && !(v instanceof Integer)) {
            throw new BadRequest("field '" + field + "': expected an integer in [" + min + ", " + max + "], found "
                    + Json.describe(v));
        }
        long x = ((Number) v).longValue();
        if (x < min || x > max) {
            throw new BadRequest("field '" + field + "': expected an integer in [" + min + ", " + max + "], found " + x);
        }
        return (int) x;
    }

    static double number(String field, Object v, double min, double max, boolean minIncluded) {
        if (!(v instanceof Number)) {
            throw new BadRequest("field '" + field + "': expected a number in " + range(min, max, minIncluded)
                    + ", found " + Json.describe(v));
        }
        double x = ((Number) v).doubleValue();
        if (!(minIncluded ? x >= min : x > min) || !(x <= max)) {
            throw new BadRequest("field '" + field + "': expected a number in " + range(min, max, minIncluded)
                    + ", found " + v);
        }
        return x;
    }

    static boolean bool(String field, Object v) {
        if (!(v instanceof Boolean)) {
            throw new BadRequest("field '" + field + "': expected true or false, found " + Json.describe(v));
        }
        return (Boolean) v;
    }

    static List<Object> array(String field, Object v) {
        if (!(v instanceof List)) {
            throw new BadRequest("field '" + field + "': expected a JSON array, found " + Json.describe(v));
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) v;
        return list;
    }

    private static String range(double min, double max, boolean minIncluded) {
        return (minIncluded ? "[" : "(") + fmt(min) + ", " + fmt(max) + "]";
    }

    private static String fmt(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
