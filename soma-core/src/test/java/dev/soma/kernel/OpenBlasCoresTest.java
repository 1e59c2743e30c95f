package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** OpenBLAS kernel names to vector widths, and auto's shortcut on OPENBLAS_CORETYPE (no library needed). */
class OpenBlasCoresTest {
    @Test
    void kernelNamesToVectorWidths() {
        assertEquals(512, OpenBlasCores.bits("SkylakeX"));
        assertEquals(512, OpenBlasCores.bits("cooperlake"));
        assertEquals(512, OpenBlasCores.bits("Cooperlake"));
        assertEquals(256, OpenBlasCores.bits("Haswell"));
        assertEquals(256, OpenBlasCores.bits("Zen"));
        assertEquals(256, OpenBlasCores.bits("SANDYBRIDGE"));
        assertEquals(Integer.MAX_VALUE, OpenBlasCores.bits("NEOVERSEN1"));
        assertEquals(Integer.MAX_VALUE, OpenBlasCores.bits(null));
    }

    /**
     * The provider choice reads OPENBLAS_CORETYPE from the environment, so each case runs in a child JVM with the
     * variable set: AVX-512 kernels are never narrower than Soma's GEMM, unknown names never count, and Haswell's
     * 256-bit kernels are narrower exactly when Soma's GEMM vectors are wider than 256 bits (512 on an AVX-512
     * machine); with narrower kernels, auto does not pick the native provider.
     */
    @Test
    void autoNeverPicksNativeWhenTheEnvironmentChoosesNarrowerKernels() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs the Vector API module");
        String[] skylake = probe("SkylakeX");
        assertEquals("false", skylake[0], "SkylakeX: " + String.join(" ", skylake));
        String[] unknown = probe("NoSuchCore");
        assertEquals("false", unknown[0], "unknown name: " + String.join(" ", unknown));
        String[] haswell = probe("Haswell");
        int gemmBits = Integer.parseInt(haswell[1]);
        assertEquals(Boolean.toString(gemmBits > 256), haswell[0], "Haswell with Soma's GEMM at " + gemmBits + " bits");
        if (gemmBits > 256) {
            assertFalse(haswell[2].startsWith("native"), "auto chose " + haswell[2] + " under OPENBLAS_CORETYPE=Haswell");
        }
    }

    /** In a child JVM with OPENBLAS_CORETYPE=core: narrower?, Soma's GEMM bits, auto's provider name. */
    private static String[] probe(String core) {
        dev.soma.ChildProcess.Result r = dev.soma.ChildProcess.run(dev.soma.ChildProcess.java("--add-modules",
                "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", Probe.class.getName()), null,
                java.util.Map.of(OpenBlasCores.CORETYPE, core), java.time.Duration.ofSeconds(120));
        assertEquals(0, r.exitCode(), r.both());
        String[] lines = r.out().trim().split("\\R");
        return lines[lines.length - 1].trim().split(" ", 3);
    }

    /** The child: prints "narrower gemmBits provider". */
    static final class Probe {
        public static void main(String[] args) {
            System.out.println(KernelProvider.coreTypeNarrowerThanSimd() + " " + VectorKernels.gemmVectorBits() + " "
                    + KernelProvider.choose("auto").name());
        }
    }
}
