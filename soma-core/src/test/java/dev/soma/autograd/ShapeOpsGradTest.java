package dev.soma.autograd;

import static dev.soma.autograd.GradTesting.check;
import static dev.soma.autograd.GradTesting.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gradient checks of matmul, the reductions and the shape operations (views, concat, gather). */
class ShapeOpsGradTest {

    @AfterAll
    static void report() {
        System.out.println("worst gradient-check error so far: " + GradTesting.worstSoFar());
    }

    @Test
    void matmulPlainAndWithTransposedOperands() {
        check("matmul", t -> t[0].matmul(t[1]), randn(1, 3, 4), randn(2, 4, 5));
        check("matmul(aT)", t -> t[0].t().matmul(t[1]), randn(3, 4, 3), randn(4, 4, 5));
        check("matmul(bT)", t -> t[0].matmul(t[1].t()), randn(5, 3, 4), randn(6, 5, 4));
        check("matmul(aT,bT)", t -> t[0].t().matmul(t[1].t()), randn(7, 4, 3), randn(8, 5, 4));
        check("matmul(row)", t -> t[0].matmul(t[1]), randn(9, 1, 4), randn(10, 4, 2));
        check("matmul(col)", t -> t[0].matmul(t[1]), randn(11, 3, 1), randn(12, 1, 2));
        check("matmul(row T)", t -> t[0].t().matmul(t[1]), randn(13, 4, 1), randn(14, 4, 2));
        check("matmul(shared)", t -> t[0].matmul(t[0].t()), randn(15, 3, 4));
    }

    @Test
    void matmulOfAReshapedRowSlice() {
        // rows 1..2 of a gathered batch, reshaped: a contiguous operand at a non-zero offset
        check("matmul(reshape(gather))", t -> t[0].gatherRows(2, 0).reshape(2, 3).matmul(t[1]), randn(16, 3, 3),
                randn(17, 3, 2));
    }

    @Test
    void sumMeanMaxOfAll() {
        check("sum", t -> t[0].sum(), randn(20, 3, 4));
        check("mean", t -> t[0].mean(), randn(21, 3, 4));
        check("max", t -> t[0].max(), randn(22, 3, 4));
        check("sum(view)", t -> t[0].t().sum(), randn(23, 3, 4));
        check("max(view)", t -> t[0].t().max(), randn(24, 3, 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, -1})
    void sumMeanMaxAlongEachAxis(int axis) {
        for (boolean keep : new boolean[] {false, true}) {
            String k = "(" + axis + "," + keep + ")";
            check("sum" + k, t -> t[0].sum(axis, keep), randn(30 + axis, 2, 3, 4));
            check("mean" + k, t -> t[0].mean(axis, keep), randn(40 + axis, 2, 3, 4));
            check("max" + k, t -> t[0].max(axis, keep), randn(50 + axis, 2, 3, 4));
            check("sum(view)" + k, t -> t[0].transpose(0, 2).sum(axis, keep), randn(60 + axis, 2, 3, 4));
            check("max(view)" + k, t -> t[0].transpose(0, 2).max(axis, keep), randn(70 + axis, 2, 3, 4));
        }
    }

    @Test
    void reductionShapes() {
        Tensor x = Tensor.of(new double[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertArrayEquals(new int[] {3}, x.sum(0, false).shape());
        assertArrayEquals(new int[] {1, 3}, x.sum(0, true).shape());
        assertArrayEquals(new double[] {9, 12}, x.sum(1, false).toDoubleArray());
        assertArrayEquals(new double[] {3, 4}, x.mean(-1, false).toDoubleArray());
        assertArrayEquals(new double[] {4, 5, 6}, x.max(0, false).toDoubleArray());
        assertArrayEquals(new double[] {5, 6}, x.max(1, true).toDoubleArray());
        assertEquals(6, x.max().item());
        assertEquals(21, x.sum().item());
        assertEquals(3.5, x.mean().item());
        assertArrayEquals(new int[] {1, 2}, x.argmaxRows());
        assertArrayEquals(new int[] {1, 2}, x.to(DType.F32).argmaxRows());
    }

    @Test
    void maxGradientGoesToTheFirstMaximumOnly() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 2}, 2, 2).requiresGrad(true);
        x.max().backward();
        assertArrayEquals(new double[] {0, 1, 0, 0}, x.grad().toDoubleArray());
        x.setGrad(null);
        x.max(0, false).sum().backward();
        assertArrayEquals(new double[] {0, 1, 1, 0}, x.grad().toDoubleArray());
    }

    @Test
    void maxPropagatesNaNLikePyTorch() {
        Tensor x = Tensor.of(new double[] {1, Double.NaN, 3, 4}, 2, 2);
        assertEquals(Double.NaN, x.max().item());
        assertArrayEquals(new double[] {Double.NaN, 4}, x.max(1, false).toDoubleArray());
        assertArrayEquals(new double[] {3, Double.NaN}, x.max(0, false).toDoubleArray());
    }

    @Test
    void viewsAndCopies() {
        check("reshape", t -> t[0].reshape(4, 3), randn(80, 3, 4));
        check("reshape(-1)", t -> t[0].reshape(-1), randn(81, 3, 4));
        check("reshape(view)", t -> t[0].t().reshape(2, 6), randn(82, 3, 4));
        check("transpose", t -> t[0].transpose(0, 2), randn(83, 2, 3, 4));
        check("transpose(-1,1)", t -> t[0].transpose(-1, 1), randn(84, 2, 3, 4));
        check("t", t -> t[0].t(), randn(85, 3, 4));
        check("contiguous", t -> t[0].t().contiguous(), randn(86, 3, 4));
        check("contiguous(flat)", t -> t[0].contiguous().mul(t[0]), randn(87, 3, 4));
    }

    @Test
    void concatAlongEachAxis() {
        check("concat0", t -> Tensor.concat(0, t[0], t[1], t[2]), randn(90, 1, 3), randn(91, 2, 3), randn(92, 4, 3));
        check("concat1", t -> Tensor.concat(1, t[0], t[1]), randn(93, 2, 3), randn(94, 2, 1));
        check("concat-1(rank3)", t -> Tensor.concat(-1, t[0], t[1]), randn(95, 2, 3, 2), randn(96, 2, 3, 4));
        check("concat1(rank3)", t -> Tensor.concat(1, t[0], t[1]), randn(97, 2, 1, 2), randn(98, 2, 3, 2));
        check("concat(views)", t -> Tensor.concat(0, t[0].t(), t[1]), randn(99, 3, 2), randn(100, 1, 3));
        check("concat(self)", t -> Tensor.concat(1, t[0], t[0]), randn(101, 2, 2));
    }

    @Test
    void concatValues() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new double[] {5, 6}, 2, 1);
        assertArrayEquals(new double[] {1, 2, 5, 3, 4, 6}, Tensor.concat(1, a, b).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3, 4, 1, 3, 2, 4}, Tensor.concat(0, a, a.t()).toDoubleArray());
    }

    @Test
    void gatherRowsWithRepeats() {
        check("gatherRows", t -> t[0].gatherRows(3, 0, 3, 3, 1), randn(110, 4, 3));
        check("gatherRows(rank3)", t -> t[0].gatherRows(1, 1, 0), randn(111, 2, 2, 3));
        check("gatherRows(view)", t -> t[0].t().gatherRows(2, 0, 2), randn(112, 4, 3));
        check("gatherRows(none)", t -> t[0].gatherRows().sum().add(t[0].sum()), randn(113, 4, 3));
    }

    @Test
    void gatherRowsScattersGradientsBackAdding() {
        for (DType type : DType.values()) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).to(type).requiresGrad(true);
            Tensor g = x.gatherRows(2, 2, 0);
            assertArrayEquals(new double[] {5, 6, 5, 6, 1, 2}, g.toDoubleArray());
            g.backward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).to(type));
            assertArrayEquals(new double[] {5, 6, 0, 0, 4, 6}, x.grad().toDoubleArray());
        }
    }
}
