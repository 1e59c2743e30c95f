package dev.soma.kernel;

import java.util.Locale;

/**
 * Chooses the kernels once, at first use, the way Apache Lucene chooses its vectorization provider: the SIMD
 * kernels when the JVM can read {@code jdk.incubator.vector} and its preferred vector is at least 128 bits wide,
 * otherwise the scalar ones, saying so once on standard error.
 *
 * <p>The system property {@code soma.kernels} forces a choice: {@code scalar}, {@code simd} (fails if unavailable)
 * or {@code auto} (the default).
 */
public final class KernelProvider {
    /** System property that forces the provider. */
    public static final String PROPERTY = "soma.kernels";
    private static final String SIMD_CLASS = "dev.soma.kernel.VectorKernels";

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

    /** The SIMD kernels, or null when this JVM cannot run them ({@link #simdUnavailableReason()} says why). */
    public static Kernels simdOrNull() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            fallbackReason = "the module jdk.incubator.vector is not loaded (start java with --add-modules jdk.incubator.vector)";
            return null;
        }
        try {
            Class<?> c = Class.forName(SIMD_CLASS);
            Kernels k = (Kernels) c.getDeclaredConstructor().newInstance();
            return k;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            fallbackReason = "the SIMD kernels could not start: " + cause;
            return null;
        }
    }

    /** Why the SIMD kernels are not in use, or null. */
    public static String simdUnavailableReason() {
        return fallbackReason;
    }

    /** The provider for a {@link #PROPERTY} value (scalar, simd or auto). */
    static Kernels choose(String mode) {
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "scalar":
                return scalar();
            case "simd": {
                Kernels k = simdOrNull();
                if (k == null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=simd, but " + fallbackReason);
                }
                return k;
            }
            case "auto": {
                Kernels k = simdOrNull();
                if (k == null) {
                    System.err.println("soma: using scalar kernels: " + fallbackReason);
                    return scalar();
                }
                return k;
            }
            default:
                throw new IllegalStateException("-D" + PROPERTY + "=" + mode + ": expected scalar, simd or auto");
        }
    }
}
