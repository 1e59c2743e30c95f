import ai.onnxruntime.*;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs a model exported by `soma export` with ONNX Runtime: java -cp onnxruntime.jar examples/RunOnnx.java digits.onnx */
public class RunOnnx {
    public static void main(String[] args) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions())) {
            long[] shape = ((TensorInfo) session.getInputInfo().get("input").getInfo()).getShape();
            shape[0] = 1;                                                       // one example; the batch size may vary
            float[] pixels = new float[(int) (OrtUtil.elementCount(shape))];    // raw inputs: the file standardizes
            try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape);
                 OrtSession.Result r = session.run(Map.of("input", x))) {
                float[] p = ((float[][]) r.get("probabilities").get().getValue())[0];
                System.out.println("classes " + session.getMetadata().getCustomMetadata().get("soma.classes"));
                System.out.println("probabilities " + java.util.Arrays.toString(p));
            }
        }
    }
}
