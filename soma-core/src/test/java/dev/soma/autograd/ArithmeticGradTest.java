package dev.soma.autograd;

import static dev.soma.autograd.GradTesting.check;
import static dev.soma.autograd.GradTesting.randn;
import static dev.soma.autograd.GradTesting.uniform;

import dev.soma.tensor.Tensor;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Gradient checks of add/sub/mul/div under every broadcasting pattern, and of the elementwise unary functions. */
class ArithmeticGradTest {

    /** Pairs of shapes that broadcast: same, scalar, row vector, column vector, outer product, leading dimensions. */
    static Stream<Arguments> patterns() {
        return Stream.of(
                Arguments.of(new int[] {3, 4}, new int[] {3, 4}),
                Arguments.of(new int[] {3, 4}, new int[] {}),
                Arguments.of(new int[] {}, new int[] {3, 4}),
                Arguments.of(new int[] {3, 4}, new int[] {4}),
                Arguments.of(new int[] {4}, new int[] {3, 4}),
                Arguments.of(new int[] {3, 4}, new int[] {1, 4}),
                Arguments.of(new int[] {3, 4}, new int[] {3, 1}),
                Arguments.of(new int[] {3, 1}, new int[] {3, 4}),
                Arguments.of(new int[] {3, 1}, new int[] {1, 4}),
                Arguments.of(new int[] {2, 3, 4}, new int[] {3, 4}),
                Arguments.of(new int[] {2, 3, 4}, new int[] {2, 1, 4}),
                Arguments.of(new int[] {2, 1, 4}, new int[] {3, 1}),
                Arguments.of(new int[] {1}, new int[] {2, 3}),
                Arguments.of(new int[] {5}, new int[] {5}));
    }

    private static void binary(String name, BinaryOperator<Tensor> op, int[] as, int[] bs) {
        Tensor a = randn(11, as);
        // keep b away from 0 so that a/b is smooth: |b| in [0.5, 2) with random signs
        Tensor b = uniform(12, 0.5, 2.0, bs);
        double[] v = b.doubles();
        for (int i = 0; i < v.length; i += 2) {
            v[i] = -v[i];
        }
        check(name + java.util.Arrays.toString(as) + java.util.Arrays.toString(bs), t -> op.apply(t[0], t[1]), a, b);
    }

    @ParameterizedTest
    @MethodSource("patterns")
    void add(int[] as, int[] bs) {
        binary("add", Tensor::add, as, bs);
    }

    @ParameterizedTest
    @MethodSource("patterns")
    void sub(int[] as, int[] bs) {
        binary("sub", Tensor::sub, as, bs);
    }

    @ParameterizedTest
    @MethodSource("patterns")
    void mul(int[] as, int[] bs) {
        binary("mul", Tensor::mul, as, bs);
    }

    @ParameterizedTest
    @MethodSource("patterns")
    void div(int[] as, int[] bs) {
        binary("div", Tensor::div, as, bs);
    }

    @Test
    void binaryOpsOnTransposedViews() {
        Tensor a = randn(1, 4, 3);
        Tensor b = uniform(2, 0.5, 2, 3, 4);
        check("add(view)", t -> t[0].t().add(t[1]), a, b);
        check("mul(view,view)", t -> t[0].t().mul(t[1].t().t()), a, b);
        check("div(view)", t -> t[1].div(t[0].t()), uniform(3, 1, 2, 4, 3), b);
        check("sub(row of view)", t -> t[0].t().sub(t[1]), a, randn(4, 4));
    }

    @Test
    void scalarConveniences() {
        check("add(c)", t -> t[0].add(2.5), randn(5, 2, 3));
        check("sub(c)", t -> t[0].sub(2.5), randn(5, 2, 3));
        check("mul(c)", t -> t[0].mul(-1.5), randn(5, 2, 3));
        check("div(c)", t -> t[0].div(4.0), randn(5, 2, 3));
    }

    @Test
    void sameTensorOnBothSides() {
        check("x*x", t -> t[0].mul(t[0]), randn(6, 3, 2));
        check("x/x+x", t -> t[0].div(t[0].add(3)).add(t[0]), uniform(7, 0.5, 2, 3, 2));
    }

    @Test
    void unaryFunctions() {
        check("neg", t -> t[0].neg(), randn(21, 3, 4));
        check("exp", t -> t[0].exp(), randn(22, 3, 4));
        check("log", t -> t[0].log(), uniform(23, 0.2, 3, 3, 4));
        check("sqrt", t -> t[0].sqrt(), uniform(24, 0.2, 3, 3, 4));
        check("pow2", t -> t[0].pow(2), randn(25, 3, 4));
        check("pow3", t -> t[0].pow(3), randn(26, 3, 4));
        check("pow0.5", t -> t[0].pow(0.5), uniform(27, 0.2, 3, 3, 4));
        check("pow-1.5", t -> t[0].pow(-1.5), uniform(28, 0.5, 3, 3, 4));
        check("abs", t -> t[0].abs(), GradTesting.awayFrom(29, 0.05, new double[] {0}, 3, 4));
    }

    @Test
    void unaryFunctionsOnViews() {
        check("exp(view)", t -> t[0].t().exp(), randn(31, 3, 4));
        check("neg(view)", t -> t[0].t().neg(), randn(32, 3, 4));
        check("log(view)", t -> t[0].t().log(), uniform(33, 0.2, 3, 3, 4));
    }
}
