package dev.soma.kernel;

import java.util.Locale;

/**
 * Chooses the kernels once, at first use, the way Apache Lucene chooses its vectorization provider: the SIMD
 * kernels when the JVM can read {@code jdk.incubator.vector} and its preferred vector is at least 128 bits wide,
 * otherwise the scalar ones, saying so once on standard error.
 *
 * <p>On JDK 22 and later, "auto" first tries the native provider ({@link NativeBlasKernels}: the SIMD kernels
 * with GEMM in the system's OpenBLAS) and takes it only when everything it needs is there: JDK ≥ 22, the
 * {@code jdk.incubator.vector} module, {@code libopenblas.so.0} in a standard library directory (or
 * {@code -Dsoma.blas=FILE}) and native access enabled for Soma's module ({@code --enable-native-access=ALL-UNNAMED}).
 * If anything is missing it silently falls back to the pure-Java choice above; it also keeps the pure-Java SIMD
 * provider when OpenBLAS's kernels use narrower vectors than Soma's GEMM (e.g. {@code OPENBLAS_CORETYPE=Haswell} on
 * an AVX-512 CPU: measured no faster, see docs/PERFORMANCE.md).
 *
 * <p>The system property {@code soma.kernels} forces a choice: {@code scalar}, {@code simd}, {@code native} (both
 * fail with the reason if unavailable) or {@code auto} (the default).
 */
public final class KernelProvider {
    /** System property that forces the provider. */
    public static final String PROPERTY = "soma.kernels";
    private static final String SIMD_CLASS = "dev.soma.kernel.VectorKernels";
    private static final String NATIVE_CLASS = "dev.soma.kernel.NativeBlasKernels";

    private static volatile Kernels current;
    private static volatile String fallbackReason;

    private KernelProvider() {
    }

    /** The kernels in use. */
    public static Kernels get() {
        Kernels k = current;
        if (k == null) {
            synchronized (KernelProvider.class) {
                k = current;
                if (k == null) {
                    k = choose(System.getProperty(PROPERTY, "auto"));
                    current = k;
                }
            }
        }
        return k;
    }

    /** Replaces the kernels in use (tests and benchmarks compare providers this way). Returns the previous ones. */
    public static synchronized Kernels set(Kernels k) {
        Kernels old = get();
        current = k;
        return old;
    }

    /** The scalar kernels. */
    public static Kernels scalar() {
        return new ScalarKernels();
    }

    /**
     * The SIMD kernels, running their vector code from the first call (compiled or not: what kernel tests and
     * benchmarks compare), or null when this JVM cannot run them ({@link #simdUnavailableReason()} says why).
     */
    public static Kernels simdOrNull() {
        return simdOrNull(false);
    }

    /**
     * The SIMD kernels, or null; with {@code twinUntilWarm} (the provider's choice) they compute through their
     * scalar twin, with the same bits, until their warm-up has had C2 compile the vector code.
     */
    static Kernels simdOrNull(boolean twinUntilWarm) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            fallbackReason = "the module jdk.incubator.vector is not loaded (start java with --add-modules jdk.incubator.vector)";
            return null;
        }
        try {
            Class<?> c = Class.forName(SIMD_CLASS);
            Kernels k = (Kernels) c.getDeclaredConstructor(boolean.class).newInstance(twinUntilWarm);
            return k;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            fallbackReason = "the SIMD kernels could not start: " + cause;
            return null;
        }
    }

    /**
     * The native provider (SIMD kernels, GEMM in OpenBLAS), or null when this JVM cannot run it; {@code reason[0]}
     * then says why in one line. Calls nothing restricted (so the JVM prints no warning) unless native access is
     * enabled.
     */
    static Kernels nativeOrNull(String[] reason, boolean twinUntilWarm) {
        reason[0] = nativeUnavailableReason();
        if (reason[0] != null) {
            return null;
        }
        try {
            return (Kernels) Class.forName(NATIVE_CLASS).getDeclaredConstructor(boolean.class)
                    .newInstance(twinUntilWarm);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            reason[0] = "the native kernels could not start: " + cause;
            return null;
        }
    }

    /**
     * The native provider (its SIMD code running from the first call, like {@link #simdOrNull()}), or null when
     * unavailable ({@link #nativeUnavailableReason()} says why).
     */
    public static Kernels nativeOrNull() {
        return nativeOrNull(new String[1], false);
    }

    /** Why the native provider cannot be used on this JVM (one line), or null when it can. */
    public static String nativeUnavailableReason() {
        int feature = Runtime.version().feature();
        if (feature < 22) {
            return "this is JDK " + feature + "; the native BLAS provider needs JDK 22 or later";
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "the module jdk.incubator.vector is not loaded (start java with --add-modules jdk.incubator.vector)";
        }
        return NativeBlas.unavailableReason();
    }

    /** Why the SIMD kernels are not in use, or null. */
    public static String simdUnavailableReason() {
        return fallbackReason;
    }

    /** The provider for a {@link #PROPERTY} value (scalar, simd, native or auto). */
    static Kernels choose(String mode) {
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "scalar":
                return scalar();
            case "simd": {
                Kernels k = simdOrNull(true);
                if (k == null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=simd, but " + fallbackReason);
                }
                return k;
            }
            case "native": {
                String[] reason = new String[1];
                Kernels k = nativeOrNull(reason, true);
                if (k == null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=native, but " + reason[0]);
                }
                return k;
            }
            case "auto": {
                Kernels k = coreTypeNarrowerThanSimd() ? null : nativeOrNull(new String[1], true);
                if (k instanceof NativeBlasKernels && ((NativeBlasKernels) k).preferredOverSimd()) {
                    return k;
                }
                k = simdOrNull(true);
                if (k == null) {
                    System.err.println("soma: using scalar kernels: " + fallbackReason);
                    return scalar();
                }
                return k;
            }
            default:
                throw new IllegalStateException("-D" + PROPERTY + "=" + mode + ": expected scalar, simd, native or auto");
        }
    }

    /**
     * True when {@code OPENBLAS_CORETYPE} (the user's choice of OpenBLAS kernels) names kernels narrower than the
     * SIMD GEMM's vectors: auto would not prefer the native provider then, so it does not even link it (setting up
     * the foreign-function API costs ~0.15 s of start-up, measured on JDK 25).
     */
    static boolean coreTypeNarrowerThanSimd() {
        String core = System.getenv(OpenBlasCores.CORETYPE);
        if (core == null || OpenBlasCores.bits(core) == Integer.MAX_VALUE
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            Object bits = Class.forName(SIMD_CLASS).getDeclaredMethod("gemmVectorBits").invoke(null);
            return OpenBlasCores.bits(core) < (Integer) bits;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }
}
