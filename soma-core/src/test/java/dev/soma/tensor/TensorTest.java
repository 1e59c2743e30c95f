package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tensors as arrays: factories, views and their strides, copies across layouts and dtypes. */
class TensorTest {

    @Test
    void factoriesAndAccessors() {
        Tensor m = Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(DType.F32, m.dtype());
        assertArrayEquals(new int[] {2, 3}, m.shape());
        assertArrayEquals(new int[] {3, 1}, m.strides());
        assertEquals(6, m.numel());
        assertEquals(2, m.rank());
        assertEquals(3, m.size(-1));
        assertEquals(6.0, m.get(1, 2));
        m.set(9, 0, 1);
        assertEquals(9f, m.floats()[1]);
        assertEquals(0, Tensor.scalar(DType.F64, 0).rank());
        assertEquals(2.5, Tensor.scalar(2.5).item());
        assertArrayEquals(new double[] {7, 7}, Tensor.full(DType.F64, 7, 2).doubles());
        assertEquals(4, DType.F32.bytes());
        assertEquals("float64", DType.F64.toString());
    }

    @Test
    void seededRandomTensorsRepeat() {
        Tensor a = Tensor.randn(DType.F64, new SplittableRandom(5), 100);
        Tensor b = Tensor.randn(DType.F64, new SplittableRandom(5), 100);
        assertArrayEquals(a.doubles(), b.doubles());
        double mean = a.mean().item();
        assertTrue(Math.abs(mean) < 0.3, "mean of 100 standard normals: " + mean);
        Tensor u = Tensor.uniform(DType.F32, new SplittableRandom(6), -1, 3, 1000);
        for (float v : u.floats()) {
            assertTrue(v >= -1 && v < 3, "uniform in [-1, 3): " + v);
        }
    }

    @Test
    void transposeIsAViewAndContiguousCopiesIt() {
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor t = m.t();
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new int[] {1, 3}, t.strides());
        assertFalse(t.isContiguous());
        assertSame(m.storageF64(), t.storageF64(), "a view shares storage");
        assertEquals(2.0, t.get(1, 0));
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, c.doubles());
        assertSame(m, m.contiguous(), "a contiguous tensor is its own contiguous form");
        Tensor r3 = Tensor.of(new double[24], 2, 3, 4);
        for (int i = 0; i < 24; i++) {
            r3.doubles()[i] = i;
        }
        Tensor p = r3.transpose(0, 2); // [4, 3, 2]
        assertEquals(r3.get(1, 2, 3), p.get(3, 2, 1));
        assertArrayEquals(new double[] {0, 12, 4, 16, 8, 20, 1, 13}, java.util.Arrays.copyOf(p.toDoubleArray(), 8));
    }

    @Test
    void reshapeOfAViewCopiesReshapeOfContiguousDoesNot() {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor r = m.reshape(3, 2);
        assertSame(m.storageF32(), r.storageF32());
        Tensor rt = m.t().reshape(6);
        assertNotSame(m.storageF32(), rt.storageF32());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, rt.toFloatArray());
        assertArrayEquals(new int[] {2, 3}, m.reshape(-1, 3).shape());
    }

    @Test
    void copiesAcrossDtypesAndLayouts() {
        Tensor m = Tensor.of(new double[] {1.5, 2, 3, 4, 5, 6.25}, 2, 3);
        assertArrayEquals(new float[] {1.5f, 2, 3, 4, 5, 6.25f}, m.toFloatArray());
        assertArrayEquals(new float[] {1.5f, 4, 2, 5, 3, 6.25f}, m.t().to(DType.F32).floats());
        assertArrayEquals(new double[] {1.5, 4, 2, 5, 3, 6.25}, m.t().to(DType.F32).toDoubleArray());
        Tensor target = Tensor.zeros(DType.F64, 3, 2);
        target.t().copyFrom(m); // writing through a view
        assertArrayEquals(new double[] {1.5, 4, 2, 5, 3, 6.25}, target.doubles());
        Tensor copy = m.copy();
        copy.doubles()[0] = 100;
        assertEquals(1.5, m.get(0, 0), "copy() does not share storage");
        Tensor view = Tensor.zeros(DType.F32, 2, 3).t();
        view.fill(2);
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, view.toDoubleArray());
    }

    @Test
    void detachSharesStorageButNotTheGraph() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(x);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertSame(y.storageF64(), d.storageF64());
        assertTrue(y.requiresGrad());
        assertFalse(y.isLeaf());
        assertTrue(x.keepsGrad());
        assertFalse(y.keepsGrad());
        assertEquals("mul", y.gradFn().name());
        assertEquals("Tensor(float64 [2] [1.0, 2.0], requires_grad)", x.toString());
        assertEquals("Tensor(float32 [20])", Tensor.zeros(20).toString());
    }

    @Test
    void broadcastShapes() {
        assertArrayEquals(new int[] {2, 3, 4}, Shapes.broadcast("op", new int[] {3, 1}, new int[] {2, 1, 4}));
        assertArrayEquals(new int[] {5}, Shapes.broadcast("op", new int[] {}, new int[] {5}));
        assertArrayEquals(new int[] {0, 3}, Shapes.broadcast("op", new int[] {0, 1}, new int[] {3}));
        assertArrayEquals(new int[] {6, 2, 1}, Shapes.contiguousStrides(new int[] {4, 3, 2}));
        assertEquals(1, Shapes.axis("op", -2, 3));
    }
}
