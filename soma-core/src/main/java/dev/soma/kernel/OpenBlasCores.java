package dev.soma.kernel;

import java.util.Locale;

/**
 * What OpenBLAS's kernel names mean for its vector width, without loading the library (so that the provider choice
 * can look at {@code OPENBLAS_CORETYPE} before paying for the foreign-function API).
 */
final class OpenBlasCores {
    /** The environment variable by which a user chooses OpenBLAS's kernels. */
    static final String CORETYPE = "OPENBLAS_CORETYPE";

    private OpenBlasCores() {
    }

    /**
     * Width in bits of the vectors of OpenBLAS's kernels named {@code core}: 512 for the AVX-512 kernels (SkylakeX,
     * Cooperlake, SapphireRapids), 256 for the AVX/AVX2 ones (Haswell, Zen, SandyBridge and AMD's Bulldozer
     * family), {@link Integer#MAX_VALUE} when unknown (other names, other CPUs, null).
     */
    static int bits(String core) {
        if (core == null) {
            return Integer.MAX_VALUE;
        }
        String c = core.toLowerCase(Locale.ROOT);
        if (c.equals("skylakex") || c.equals("cooperlake") || c.equals("sapphirerapids")) {
            return 512;
        }
        if (c.equals("haswell") || c.startsWith("zen") || c.equals("sandybridge") || c.equals("bulldozer")
                || c.equals("piledriver") || c.equals("steamroller") || c.equals("excavator")) {
            return 256;
        }
        return Integer.MAX_VALUE;
    }
}
