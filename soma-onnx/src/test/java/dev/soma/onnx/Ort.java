package dev.soma.onnx;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs ONNX files with ONNX Runtime (the tests' reference implementation), one thread per session. */
final class Ort {
    private Ort() {
    }

    /** The session for {@code model}; ORT's own checks of the file happen here. */
    static OrtSession session(byte[] model) {
        try {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            return OrtEnvironment.getEnvironment().createSession(model, o);
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    /** The output {@code output} (flattened) for {@code input} of {@code shape} (batch first). */
    static float[] run(byte[] model, String output, float[] input, long... shape) {
        try (OrtSession s = session(model)) {
            return run(s, output, input, shape);
        } catch (OrtException e) {
            throw new AssertionError(e);
        }
    }

    static float[] run(OrtSession s, String output, float[] input, long... shape) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (ai.onnxruntime.OnnxTensor x = ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result r = s.run(Map.of("input", x))) {
            OnnxValue v = r.get(output).orElseThrow(() -> new AssertionError("no output " + output));
            FloatBuffer b = ((ai.onnxruntime.OnnxTensor) v).getFloatBuffer();
            float[] f = new float[b.remaining()];
            b.get(f);
            return f;
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }
}
