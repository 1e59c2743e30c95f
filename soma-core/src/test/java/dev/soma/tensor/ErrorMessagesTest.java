package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import dev.soma.autograd.Activations;
import dev.soma.autograd.Fused;
import dev.soma.autograd.GradCheck;
import dev.soma.kernel.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every user error is a SomaException with one exact line naming the operation, the shapes and the numbers. */
class ErrorMessagesTest {

    private static void fails(String message, Executable e) {
        SomaException ex = assertThrows(SomaException.class, e);
        assertEquals(message, ex.getMessage());
    }

    @Test
    void matmul() {
        fails("matmul: [128, 784] x [783, 256]: inner dimensions differ (784 vs 783)",
                () -> Tensor.zeros(128, 784).matmul(Tensor.zeros(783, 256)));
        fails("matmul: [3] x [3, 4]: expects two matrices", () -> Tensor.zeros(3).matmul(Tensor.zeros(3, 4)));
        fails("matmul: dtypes differ (float32 vs float64)",
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(DType.F64, 3, 4)));
    }

    @Test
    void broadcasting() {
        fails("add: shapes [2, 3] and [4] cannot be broadcast (dimension 1: 3 vs 4)",
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        fails("mul: shapes [2, 3] and [3, 2] cannot be broadcast (dimension 0: 2 vs 3)",
                () -> Tensor.zeros(2, 3).mul(Tensor.zeros(3, 2)));
        fails("sub: shapes [5, 2, 3] and [4, 1] cannot be broadcast (dimension 1: 2 vs 4)",
                () -> Tensor.zeros(DType.F64, 5, 2, 3).sub(Tensor.zeros(DType.F64, 4, 1)));
        fails("div: shapes [2] and [3] cannot be broadcast (dimension 0: 2 vs 3)",
                () -> Tensor.zeros(2).div(Tensor.zeros(3)));
    }

    @Test
    void dtypeMismatch() {
        fails("add: dtypes differ (float32 vs float64)", () -> Tensor.zeros(2).add(Tensor.zeros(DType.F64, 2)));
        fails("mul: dtypes differ (float64 vs float32)", () -> Tensor.zeros(DType.F64, 2).mul(Tensor.zeros(2)));
        fails("concat: dtypes differ (float32 vs float64)",
                () -> Tensor.concat(0, Tensor.zeros(2), Tensor.zeros(DType.F64, 2)));
        fails("linear: dtypes differ (float32 vs float64)",
                () -> Fused.linear(Tensor.zeros(2, 3), Tensor.zeros(DType.F64, 4, 3), null));
        fails("expected a float64 tensor, got float32", () -> Tensor.zeros(2).doubles());
    }

    @Test
    void reshape() {
        fails("reshape: [2, 3] (6 elements) cannot become [4] (4 elements)", () -> Tensor.zeros(2, 3).reshape(4));
        fails("reshape: [2, 3] (6 elements) cannot become [-1, 4] (6 is not a multiple of 4)",
                () -> Tensor.zeros(2, 3).reshape(-1, 4));
        fails("reshape: only one dimension can be -1, got [-1, -1]", () -> Tensor.zeros(2, 3).reshape(-1, -1));
        fails("reshape: negative dimension in [2, -3]", () -> Tensor.zeros(2, 3).reshape(2, -3));
    }

    @Test
    void backwardAndItem() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        fails("backward: expected a scalar (one element), got shape [2, 3]; pass the upstream gradient explicitly",
                () -> x.mul(2).backward());
        fails("backward: gradient of shape [3, 2] does not match tensor of shape [2, 3]",
                () -> x.mul(2).backward(Tensor.zeros(3, 2)));
        fails("backward: the tensor does not require a gradient (no input of it does)",
                () -> Tensor.zeros(2).sum().backward());
        fails("item: tensor of shape [2, 3] has 6 elements, expected 1", () -> x.item());
        fails("setGrad: gradient float32 [3, 2] does not match tensor float32 [2, 3]", () -> x.setGrad(Tensor.zeros(3, 2)));
        fails("setGrad: gradient float64 [2, 3] does not match tensor float32 [2, 3]",
                () -> x.setGrad(Tensor.zeros(DType.F64, 2, 3)));
        fails("requiresGrad(false) on a non-leaf tensor; use detach()", () -> x.mul(2).requiresGrad(false));
    }

    @Test
    void indexOutOfRange() {
        Tensor x = Tensor.zeros(2, 3);
        fails("index [2, 0] out of range for shape [2, 3]", () -> x.get(2, 0));
        fails("index [0, -1] out of range for shape [2, 3]", () -> x.set(1, 0, -1));
        fails("index [1] has 1 coordinates, tensor of shape [2, 3] needs 2", () -> x.get(1));
        fails("index 6 out of range for 6 elements", () -> x.getFlat(6));
        fails("gatherRows: index 2 (position 1) out of range for 2 rows", () -> x.gatherRows(0, 2));
        fails("sum: axis 2 out of range for a tensor of rank 2", () -> x.sum(2, false));
        fails("softmax: axis -3 out of range for a tensor of rank 2", () -> x.softmax(-3));
        fails("transpose: axis 5 out of range for a tensor of rank 2", () -> x.transpose(0, 5));
        fails("max: tensor of shape [0, 3] has no elements", () -> Tensor.zeros(0, 3).max());
        fails("max: axis 0 of shape [0, 3] has size 0", () -> Tensor.zeros(0, 3).max(0, false));
        fails("cross-entropy: label 3 at row 1 out of range [0, 3)",
                () -> Fused.softmaxCrossEntropy(x, new int[] {0, 3}));
    }

    @Test
    void shapesOfComposites() {
        fails("tensor of shape [2, 3] needs 6 values, got 5", () -> Tensor.of(new float[5], 2, 3));
        fails("matrix: row 1 has 1 values, expected 2", () -> Tensor.matrix(new double[][] {{1, 2}, {3}}));
        fails("linear: input [4, 5] does not fit weight [3, 4] (expects [batch, 4])",
                () -> Fused.linear(Tensor.zeros(4, 5), Tensor.zeros(3, 4), null));
        fails("linear: bias [4] does not fit weight [3, 4] (expects [3])",
                () -> Fused.linear(Tensor.zeros(4, 4), Tensor.zeros(3, 4), Tensor.zeros(4)));
        fails("concat: tensor 1 has shape [2, 4], expected [2, 3] except along axis 0",
                () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        fails("prelu: slope has 2 values, expected 1 or 3 (the last dimension of [4, 3])",
                () -> Activations.prelu(Tensor.zeros(4, 3), Tensor.zeros(2)));
        fails("cross-entropy: 3 labels for a batch of 2", () -> Fused.softmaxCrossEntropy(Tensor.zeros(2, 3), new int[3]));
        fails("cross-entropy: targets [2, 4] do not match logits [2, 3]",
                () -> Fused.softmaxCrossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        fails("cross-entropy: logits must be [batch, classes], got [6]",
                () -> Fused.softmaxCrossEntropy(Tensor.zeros(6), new int[6]));
        fails("t: expects a matrix, got shape [2, 3, 4]", () -> Tensor.zeros(2, 3, 4).t());
        fails("argmaxRows: expects a matrix, got shape [3]", () -> Tensor.zeros(3).argmaxRows());
        fails("shape [2, -1]: negative dimension -1", () -> Tensor.zeros(2, -1));
        fails("unknown activation 'relu6'; expected one of " + Activation.NAMES + " or prelu",
                () -> Activation.parse("relu6"));
    }

    @Test
    void viewsStayInsideTheirStorage() {
        Tensor x = Tensor.zeros(2, 3);
        fails("view: shape [3, 3], strides [3, 1], offset 0 reach element 8 of a storage of 6",
                () -> x.view(new int[] {3, 3}, new int[] {3, 1}, 0));
        fails("view: shape [2], strides [1], offset 5 reach element 6 of a storage of 6",
                () -> x.view(new int[] {2}, new int[] {1}, 5));
        fails("view: shape [2] and strides [1, 1] differ in rank", () -> x.view(new int[] {2}, new int[] {1, 1}, 0));
        fails("view: negative stride in [-1]", () -> x.view(new int[] {2}, new int[] {-1}, 3));
        assertEquals(4.0, Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).view(new int[] {2}, new int[] {3}, 0).get(1));
    }

    @Test
    void flatBufferOfAView() {
        Tensor v = Tensor.zeros(2, 3).t();
        fails("expected a contiguous tensor, got a view of shape [3, 2] with strides [1, 3]; call contiguous() first",
                v::floats);
        assertEquals(6, v.contiguous().floats().length);
        fails("gradcheck: parameter 'p0' is float32; central differences need float64",
                () -> GradCheck.check(() -> v.sum(), java.util.List.of(Tensor.zeros(2))));
    }
}
