package dev.soma.io;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated JSON header of a safetensors file. Validation happens here, before a single
 * tensor is allocated: dtypes, shapes (negative, overflowing, too large for a Java array), shape × dtype size equal
 * to the offsets' span, offsets inside the data section, and contiguous coverage of the data section (no overlap,
 * no gap at the start, between tensors or at the end), like the reference implementation.
 */
final class SafeTensorsHeader {
    /** Most dimensions a tensor may declare. */
    static final int MAX_RANK = 64;

    /**
     * One tensor's entry: name, element type, shape and byte range [begin, end) within the data section; {@code int64}
     * marks an I64 entry (e.g. torch's num_batches_tracked), read into a float64 tensor.
     */
    record Entry(String name, DType dtype, int[] shape, long begin, long end, boolean int64) {
        int numel() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    final List<Entry> entries;
    final LinkedHashMap<String, String> metadata;

    private SafeTensorsHeader(List<Entry> entries, LinkedHashMap<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    static String dtypeName(DType t) {
        return t == DType.F32 ? "F32" : "F64";
    }

    /** Parses {@code json} and checks it against a data section of {@code dataLength} bytes. */
    static SafeTensorsHeader parse(String json, long dataLength, String src) {
        String trimmed = json.stripLeading();
        if (!trimmed.startsWith("{")) {
            throw new SomaException(src + ": header must be a JSON object starting with '{'");
        }
        Map<String, Object> root = Json.asObject(Json.parse(json, src + " header"), src + " header");
        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : root.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                Map<String, Object> m = Json.asObject(e.getValue(), src + ": __metadata__");
                for (Map.Entry<String, Object> kv : m.entrySet()) {
                    if (!(kv.getValue() instanceof String)) {
                        throw new SomaException(src + ": __metadata__ value of '" + kv.getKey()
                                + "' must be a string, got " + Json.describe(kv.getValue()));
                    }
                    metadata.put(kv.getKey(), (String) kv.getValue());
                }
                continue;
            }
            entries.add(entry(name, e.getValue(), dataLength, src));
        }
        checkCoverage(entries, dataLength, src);
        return new SafeTensorsHeader(entries, metadata);
    }

    private static Entry entry(String name, Object value, long dataLength, String src) {
        String what = src + ": tensor '" + name + "'";
        Map<String, Object> t = Json.asObject(value, what);
        for (String key : t.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SomaException(what + ": unknown field '" + key + "' (expected dtype, shape, data_offsets)");
            }
        }
        Object dt = t.get("dtype");
        if (!(dt instanceof String)) {
            throw new SomaException(what + ": dtype must be a string, got " + Json.describe(dt));
        }
        DType dtype;
        if (dt.equals("F32")) {
            dtype = DType.F32;
        } else if (dt.equals("F64") || dt.equals("I64")) {
            dtype = DType.F64;
        } else {
            throw new SomaException(what + ": unsupported dtype '" + dt + "' (Soma reads F32, F64 and I64)");
        }
        if (!t.containsKey("shape")) {
            throw new SomaException(what + ": missing shape");
        }
        List<Object> dims = Json.asArray(t.get("shape"), what + ": shape");
        if (dims.size() > MAX_RANK) {
            throw new SomaException(what + ": shape has " + dims.size() + " dimensions, at most " + MAX_RANK + " allowed");
        }
        int[] shape = new int[dims.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = nonNegativeLong(dims.get(i), what + ": shape[" + i + "]");
            if (d > Integer.MAX_VALUE) {
                throw new SomaException(what + ": dimension " + d + " exceeds the largest Soma dimension " + Integer.MAX_VALUE);
            }
            shape[i] = (int) d;
            numel *= d; // both ≤ 2^31-1 after the check below, so no overflow of the product of two ≤ 2^31 numbers
            if (numel > Integer.MAX_VALUE) {
                throw new SomaException(what + ": shape " + dims + " holds more than " + Integer.MAX_VALUE + " elements");
            }
        }
        if (!t.containsKey("data_offsets")) {
            throw new SomaException(what + ": missing data_offsets");
        }
        List<Object> off = Json.asArray(t.get("data_offsets"), what + ": data_offsets");
        if (off.size() != 2) {
            throw new SomaException(what + ": data_offsets must be [begin, end], got " + off.size() + " numbers");
        }
        long begin = nonNegativeLong(off.get(0), what + ": data_offsets[0]");
        long end = nonNegativeLong(off.get(1), what + ": data_offsets[1]");
        if (end < begin) {
            throw new SomaException(what + ": data_offsets [" + begin + ", " + end + "] end before begin");
        }
        if (end > dataLength) {
            throw new SomaException(what + ": data_offsets [" + begin + ", " + end + "] out of range: the data section holds "
                    + dataLength + " bytes");
        }
        long expected = numel * dtype.bytes();
        if (end - begin != expected) {
            throw new SomaException(what + ": shape " + dims + " of " + dt + " needs " + expected + " bytes, data_offsets ["
                    + begin + ", " + end + "] span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end, dt.equals("I64"));
    }

    private static long nonNegativeLong(Object o, String what) {
        if (!(o instanceof Long) || (Long) o < 0) {
            throw new SomaException(what + ": expected a non-negative integer, got " + Json.describe(o));
        }
        return (Long) o;
    }

    /** The tensors must tile the data section exactly: sorted by offset they start at 0, touch, and end at its end. */
    private static void checkCoverage(List<Entry> entries, long dataLength, String src) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry prev = null;
        for (Entry e : sorted) {
            if (e.begin() < at) {
                throw new SomaException(src + ": tensors '" + prev.name() + "' [" + prev.begin() + ", " + prev.end() + ") and '"
                        + e.name() + "' [" + e.begin() + ", " + e.end() + ") overlap");
            }
            if (e.begin() > at) {
                throw new SomaException(src + ": gap in the data section: bytes [" + at + ", " + e.begin()
                        + ") before tensor '" + e.name() + "' belong to no tensor");
            }
            at = e.end();
            prev = e;
        }
        if (at != dataLength) {
            throw new SomaException(src + ": the data section holds " + dataLength + " bytes but the tensors cover " + at);
        }
    }
}
