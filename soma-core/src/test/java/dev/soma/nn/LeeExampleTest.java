package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 2-2-2-2 sigmoid network of Hung-yi Lee's deep-learning notes. */
class LeeExampleTest {
    static Sequential network() {
        Sequential net = Sequential.fromSpec("linear:2:2,sigmoid,linear:2:2,sigmoid,linear:2:2,sigmoid");
        net.loadStateDict(Map.of(
                "0.weight", Tensor.matrix(new float[][] {{1, -2}, {-1, 1}}), "0.bias", Tensor.of(new float[] {1, 0}, 2),
                "2.weight", Tensor.matrix(new float[][] {{2, -1}, {-2, -1}}), "2.bias", Tensor.of(new float[] {0, 0}, 2),
                "4.weight", Tensor.matrix(new float[][] {{3, -1}, {-1, 4}}), "4.bias", Tensor.of(new float[] {-2, 2}, 2)));
        return net;
    }

    @Test
    void inputOneMinusOne() {
        Sequential net = network();
        Tensor x = Tensor.matrix(new float[][] {{1, -1}});
        Tensor first = new Sequential(net.layers().subList(0, 2)).predict(x);
        assertEquals(0.98, first.get(0, 0), 0.005);
        assertEquals(0.12, first.get(0, 1), 0.005);
        Tensor second = new Sequential(net.layers().subList(0, 4)).predict(x);
        assertEquals(0.86, second.get(0, 0), 0.005);
        assertEquals(0.11, second.get(0, 1), 0.005);
        Tensor out = net.predict(x);
        assertEquals(0.62, out.get(0, 0), 0.005);
        assertEquals(0.83, out.get(0, 1), 0.005);
    }

    @Test
    void inputZeroZero() {
        Tensor x = Tensor.matrix(new float[][] {{0, 0}});
        Tensor first = new Sequential(network().layers().subList(0, 2)).predict(x);
        assertEquals(0.73, first.get(0, 0), 0.005);
        assertEquals(0.50, first.get(0, 1), 0.005);
        Tensor second = new Sequential(network().layers().subList(0, 4)).predict(x);
        assertEquals(0.72, second.get(0, 0), 0.005);
        assertEquals(0.12, second.get(0, 1), 0.005);
        Tensor out = network().predict(x);
        assertEquals(0.51, out.get(0, 0), 0.005);
        assertEquals(0.85, out.get(0, 1), 0.005);
    }
}
