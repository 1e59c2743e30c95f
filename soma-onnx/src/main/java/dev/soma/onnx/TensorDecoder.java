package dev.soma.onnx;

import dev.soma.SomaException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads one TensorProto: its dimensions (rank at most 8, each element count within a Java array), its elements from
 * raw_data or the typed fields, which must hold exactly the dimensions' element count; FLOAT and DOUBLE (read as
 * float32), INT32 and INT64. External data and segments are refused.
 */
final class TensorDecoder {
    private final String file;

    private TensorDecoder(String file) {
        this.file = file;
    }

    private SomaException error(String msg) {
        return new SomaException(file + ": " + msg);
    }

    static OnnxTensor tensor(WireInput t, String file) {
        return new TensorDecoder(file).read(t);
    }

    private OnnxTensor read(WireInput t) {
        WireInput.LongList dims = new WireInput.LongList();
        int type = 0;
        String name = "";
        byte[] raw = null;
        float[] floatData = new float[0];
        WireInput.LongList intData = new WireInput.LongList();
        byte[] doubleData = null;
        while (t.next()) {
            switch (t.field()) {
                case 1: t.int64s(dims, ModelDecoder.MAX_RANK); break;
                case 2: type = (int) t.int64(); break;
                case 3: throw error("segmented tensors are not supported");
                case 4: floatData = t.floats(floatData, Integer.MAX_VALUE - 8); break;
                case 5: case 7: t.int64s(intData, Integer.MAX_VALUE - 8); break;
                case 8: name = t.string(ModelDecoder.MAX_STRING); break;
                case 9: raw = t.bytes(ModelDecoder.MAX_FILE); break;
                case 10: doubleData = t.bytes(ModelDecoder.MAX_FILE); break;
                case 13: throw error("tensor '" + name + "' refers to external data, which Soma does not read"
                        + " (save the model with its weights inside the file)");
                case 14:
                    if (t.int64() != 0) {
                        throw error("tensor '" + name + "' refers to external data, which Soma does not read"
                                + " (save the model with its weights inside the file)");
                    }
                    break;
                default: t.skip();
            }
        }
        long[] d = dims.toArray();
        long numel = 1;
        for (long x : d) {
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw error("tensor '" + name + "' has dimension " + x);
            }
            numel *= x;
            if (numel > Integer.MAX_VALUE - 8) {
                throw error("tensor '" + name + "' has more than " + (Integer.MAX_VALUE - 8) + " elements");
            }
        }
        int n = (int) numel;
        switch (type) {
            case OnnxTensor.FLOAT: {
                float[] f = raw != null ? rawFloats(raw, n, name) : floatData;
                check(f.length, n, name);
                return new OnnxTensor(name, d, f, null);
            }
            case OnnxTensor.DOUBLE: {
                byte[] b = raw != null ? raw : doubleData == null ? new byte[0] : doubleData;
                check(b.length / 8, n, name);
                if (b.length != 8L * n) {
                    throw error("tensor '" + name + "' has " + b.length + " bytes of doubles, expected " + 8L * n);
                }
                float[] f = new float[n];
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    f[i] = (float) bb.getDouble();
                }
                return new OnnxTensor(name, d, f, null);
            }
            case OnnxTensor.INT64: case OnnxTensor.INT32: {
                long[] l;
                if (raw != null) {
                    int size = type == OnnxTensor.INT64 ? 8 : 4;
                    if (raw.length != (long) size * n) {
                        throw error("tensor '" + name + "' has " + raw.length + " bytes, expected " + (long) size * n
                                + " for " + n + " elements");
                    }
                    l = new long[n];
                    ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < n; i++) {
                        l[i] = size == 8 ? bb.getLong() : bb.getInt();
                    }
                } else {
                    l = intData.toArray();
                }
                check(l.length, n, name);
                return new OnnxTensor(name, d, null, l);
            }
            default:
                throw error("tensor '" + name + "' has data type " + type + "; Soma reads FLOAT (1), INT32 (6), "
                        + "INT64 (7) and DOUBLE (11)");
        }
    }

    private float[] rawFloats(byte[] raw, int n, String name) {
        if (raw.length != 4L * n) {
            throw error("tensor '" + name + "' has " + raw.length + " bytes, expected " + 4L * n + " for " + n
                    + " float32 elements");
        }
        float[] f = new float[n];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    private void check(int have, int expected, String name) {
        if (have != expected) {
            throw error("tensor '" + name + "' has " + have + " elements, its dimensions say " + expected);
        }
    }
}
