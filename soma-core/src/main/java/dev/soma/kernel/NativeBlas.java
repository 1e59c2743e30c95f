package dev.soma.kernel;

import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's OpenBLAS ({@code cblas_sgemm}) through the foreign-function API of JDK 22 and later, reached by
 * reflection so that the project still compiles with {@code --release 17}. Nothing native ships with Soma: the
 * library is the one installed on the machine ({@code -Dsoma.blas=/path/libopenblas.so}, otherwise
 * {@code libopenblas.so.0} in the usual library directories).
 *
 * <p>Once, at class initialisation, {@link NativeBlasBinder} links the downcall handle for {@code cblas_sgemm}
 * with {@code Linker.Option.critical(true)} (the native code reads and writes the Java float arrays in place: no
 * copy, no pinning; the garbage collector waits for the call to return) and adapts it with
 * {@code java.lang.invoke.MethodHandles} combinators so that it takes plain Java types: each {@code MemorySegment} argument becomes a pair
 * {@code (float[] array, long byteOffset)} mapped by {@code MemorySegment.ofArray(array).asSlice(byteOffset)}.
 * The resulting handle lives in a static final field and is called with {@code invokeExact}, which C2 inlines.
 *
 * <p>Nothing restricted is touched unless native access is enabled for this module
 * ({@code --enable-native-access=ALL-UNNAMED}): without it the JVM would print a warning, so the binding reports
 * itself unavailable instead.
 */
final class NativeBlas {
    /** CBLAS enum values. */
    static final int ROW_MAJOR = 101;
    static final int NO_TRANS = 111;
    static final int TRANS = 112;
    /** System property naming the library file. */
    static final String LIBRARY_PROPERTY = "soma.blas";
    /** Where libopenblas.so.0 is looked for when {@link #LIBRARY_PROPERTY} is not set. */
    static final String[] STANDARD_DIRECTORIES = {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64", "/usr/lib", "/usr/local/lib"};
    static final String LIBRARY_NAME = "libopenblas.so.0";

    /**
     * (int order, int transA, int transB, int m, int n, int k, float alpha, float[] a, long aByteOffset, int lda,
     * float[] b, long bByteOffset, int ldb, float beta, float[] c, long cByteOffset, int ldc) void.
     */
    private static final MethodHandle SGEMM;
    /** (int threads) void, or null. */
    private static final MethodHandle SET_THREADS;
    private static final String DESCRIPTION;
    private static final String CORE;
    private static final String FAILURE;

    static {
        MethodHandle sgemm = null;
        MethodHandle setThreads = null;
        String description = null;
        String core = null;
        String failure;
        try {
            NativeBlasBinder b = new NativeBlasBinder();
            sgemm = b.sgemm();
            setThreads = b.setThreads();
            core = b.cString("openblas_get_corename");
            description = b.describe(core);
            failure = null;
        } catch (Unavailable e) {
            failure = e.getMessage();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            failure = "linking cblas_sgemm failed: " + cause;
        }
        SGEMM = sgemm;
        SET_THREADS = setThreads;
        DESCRIPTION = description;
        CORE = core == null ? null : core.trim();
        FAILURE = failure;
    }

    private NativeBlas() {
    }

    /** Why the binding cannot be used (one line), or null when it can. */
    static String unavailableReason() {
        return FAILURE;
    }

    /** "openblas 0.3.21 (Haswell)": the library's version and the kernels it chose for this CPU. */
    static String description() {
        return DESCRIPTION;
    }

    /**
     * Width in bits of the vectors OpenBLAS's kernels use on this CPU, from {@code openblas_get_corename}
     * ({@link OpenBlasCores#bits}). {@code OPENBLAS_CORETYPE} in the environment changes it: it selects the kernels.
     */
    static int kernelBits() {
        return OpenBlasCores.bits(CORE);
    }

    /**
     * cblas_sgemm in row-major order on Java arrays; offsets in floats. The caller has validated every argument
     * (leading dimensions included: at least max(1, columns) as BLAS demands).
     */
    static void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        try {
            SGEMM.invokeExact(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, m, n, k, alpha,
                    a, (long) aOff * Float.BYTES, lda, b, (long) bOff * Float.BYTES, ldb,
                    beta, c, (long) cOff * Float.BYTES, ldc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }

    /** openblas_set_num_threads(n), when the library has it. */
    static void setThreads(int n) {
        if (SET_THREADS == null) {
            return;
        }
        try {
            SET_THREADS.invokeExact(n);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    /**
     * The library file: {@code explicit} (the value of {@link #LIBRARY_PROPERTY}) when given, otherwise the first
     * readable {@link #LIBRARY_NAME} in {@link #STANDARD_DIRECTORIES}; fails naming what was tried.
     */
    static Path findLibrary(String explicit) throws Unavailable {
        if (explicit != null && !explicit.isEmpty()) {
            Path p = Path.of(explicit);
            if (Files.isReadable(p)) {
                return p;
            }
            throw new Unavailable("-D" + LIBRARY_PROPERTY + "=" + explicit + ": no such readable file");
        }
        List<String> tried = new ArrayList<>();
        for (String dir : STANDARD_DIRECTORIES) {
            Path p = Path.of(dir, LIBRARY_NAME);
            if (Files.isReadable(p)) {
                return p;
            }
            tried.add(p.toString());
        }
        throw new Unavailable(LIBRARY_NAME + " not found (tried " + String.join(", ", tried)
                + "; install OpenBLAS or set -D" + LIBRARY_PROPERTY + "=/path/to/libopenblas.so)");
    }

    /** A reason, in one line, why the binding is unavailable. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
