package dev.soma.cli;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import dev.soma.nn.Initializers;
import dev.soma.nn.Losses;
import dev.soma.optim.Optimizers;
import dev.soma.optim.Schedules;
import java.util.Locale;

/**
 * Checks the name-valued options with the library's own parsers before any work starts, so that an error names
 * the option: {@code soma: error: --loss foo: unknown loss 'foo'; expected one of [...]}.
 */
final class Specs {
    private Specs() {
    }

    static void activation(String option, String v) {
        if (!v.toLowerCase(Locale.ROOT).equals("prelu")) {
            check(option, v, () -> Activation.parse(v));
        }
    }

    static void loss(String option, String v) {
        if (!v.equals("auto")) {
            check(option, v, () -> Losses.parse(v));
        }
    }

    static void init(String option, String v) {
        check(option, v, () -> Initializers.parse(v));
    }

    static void schedule(String option, String v) {
        check(option, v, () -> Schedules.parse(v));
    }

    static void optimizer(String option, String v) {
        if (!Optimizers.NAMES.contains(v.toLowerCase(Locale.ROOT))) {
            throw new UsageException(option + " " + v + ": unknown optimizer; expected one of " + Optimizers.NAMES);
        }
    }

    private static void check(String option, String v, Runnable parse) {
        try {
            parse.run();
        } catch (SomaException e) {
            throw new UsageException(option + " " + v + ": " + e.getMessage());
        }
    }
}
