package dev.soma.bench;

import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.kernel.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GFLOPS of the matrix multiply C = op(A)·op(B) for the shapes the issue names, per kernel provider.
 *
 * <p>Shapes are "M x N x K" plus the layout: {@code nt} = A as is, B transposed (a linear layer x·Wᵀ), {@code tn} =
 * A transposed (the weight gradient dYᵀ·X), {@code nn} = neither. A product costs 2·M·N·K floating-point operations.
 * The {@code gemm:gflops} row is a JMH auxiliary counter: each invocation adds 2·M·N·K / 10⁹ to it, so its rate
 * (reported in ops/s) is GFLOPS directly. The primary score (products per second) converts the same way:
 * GFLOPS = ops/s · 2·M·N·K / 10⁹.
 *
 * <p>Run: {@code java -jar soma-bench/target/benchmarks.jar GemmBenchmark} (the forked JVM gets
 * {@code --add-modules jdk.incubator.vector}); {@code -p provider=simd}, {@code -p shape=...} to narrow,
 * {@code -jvmArgsAppend -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0} to drop the Vector API's bounds checks,
 * {@code -jvmArgsAppend -Dsoma.threads=1} for one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    /** M x N x K and the layout (nt: B transposed, tn: A transposed, nn: neither). */
    @Param({"1024x1024x1024-nn", "128x256x784-nt", "256x784x128-tn", "128x784x256-nn", "128x128x256-nt",
        "128x10x128-nt", "1x256x784-nt"})
    public String shape;

    /** Kernel provider: scalar or simd. */
    @Param({"simd", "scalar"})
    public String provider;

    private Kernels kernels;
    private int m;
    private int n;
    private int k;
    private boolean ta;
    private boolean tb;
    private float[] a;
    private float[] b;
    private float[] c;
    private double gflop;

    /** The floating-point work done, counted per invocation; JMH reports its rate per second = GFLOPS. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflops;
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("-");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        ta = parts[1].charAt(0) == 't';
        tb = parts[1].charAt(1) == 't';
        kernels = provider.equals("scalar") ? KernelProvider.scalar() : KernelProvider.simdOrNull();
        if (kernels == null) {
            throw new IllegalStateException("SIMD kernels unavailable: " + KernelProvider.simdUnavailableReason());
        }
        SplittableRandom rnd = new SplittableRandom(42);
        a = random(rnd, m * k);
        b = random(rnd, k * n);
        c = new float[m * n];
        gflop = 2.0 * m * n * k / 1e9;
        System.out.println("# kernels " + kernels.name() + ", threads " + Parallel.threads() + ", java "
                + System.getProperty("java.version"));
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() - 0.5);
        }
        return x;
    }

    @Benchmark
    public float[] gemm(Flops flops) {
        kernels.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
        flops.gflops += gflop;
        return c;
    }
}
