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

    @Test
    void autoNeverPicksNativeWhenTheEnvironmentChoosesNarrowerKernels() {
        String core = System.getenv(OpenBlasCores.CORETYPE);
        boolean narrower = core != null && OpenBlasCores.bits(core) < VectorKernels.gemmVectorBits();
        assertEquals(narrower, KernelProvider.coreTypeNarrowerThanSimd(), "OPENBLAS_CORETYPE=" + core);
        if (narrower) {
            assertFalse(KernelProvider.choose("auto") instanceof NativeBlasKernels);
        }
    }
}
