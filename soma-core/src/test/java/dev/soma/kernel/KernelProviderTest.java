package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Provider selection. The tests run with {@code --add-modules jdk.incubator.vector} (see the parent POM), so the
 * SIMD kernels must be chosen by "auto"; the fall-back when the module is missing needs a JVM started without it
 * and is exercised by {@code .ci/run}'s launcher runs, not here.
 */
class KernelProviderTest {

    @Test
    void forcedScalar() {
        assertInstanceOf(ScalarKernels.class, KernelProvider.choose("scalar"));
        assertEquals("scalar", KernelProvider.choose("SCALAR").name());
    }

    @Test
    void simdWhenTheModuleIsPresent() {
        assertInstanceOf(VectorKernels.class, KernelProvider.choose("simd"));
        assertInstanceOf(VectorKernels.class, KernelProvider.choose("auto"));
        assertNotNull(KernelProvider.simdOrNull());
        assertNull(KernelProvider.simdUnavailableReason());
    }

    @Test
    void unknownModeIsRefusedWithTheChoices() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelProvider.choose("gpu"));
        assertEquals("-Dsoma.kernels=gpu: expected scalar, simd, native or auto", e.getMessage());
    }

    @Test
    void setSwapsAndReturnsThePrevious() {
        Kernels scalar = KernelProvider.scalar();
        Kernels before = KernelProvider.set(scalar);
        try {
            assertEquals(scalar, KernelProvider.get());
        } finally {
            assertEquals(scalar, KernelProvider.set(before));
        }
    }

    @Test
    void forcedNativeFailsWithTheReasonWhenUnavailable() {
        String reason = KernelProvider.nativeUnavailableReason();
        int feature = Runtime.version().feature();
        if (feature < 22) {
            assertEquals("this is JDK " + feature + "; the native BLAS provider needs JDK 22 or later", reason);
        }
        if (reason == null) {
            assertInstanceOf(NativeBlasKernels.class, KernelProvider.choose("native"));
            assertInstanceOf(VectorKernels.class, KernelProvider.choose("auto")); // native or simd: see NativeBlasKernelsTest
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelProvider.choose("native"));
            assertEquals("-Dsoma.kernels=native, but " + reason, e.getMessage());
            assertEquals(VectorKernels.class, KernelProvider.choose("auto").getClass());
        }
    }

    @Test
    void libraryLookupNamesWhatItTried() {
        NativeBlas.Unavailable e = assertThrows(NativeBlas.Unavailable.class,
                () -> NativeBlas.findLibrary("/nonexistent/libopenblas.so"));
        assertEquals("-Dsoma.blas=/nonexistent/libopenblas.so: no such readable file", e.getMessage());
    }
}
