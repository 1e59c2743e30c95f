package dev.soma.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is an interactive terminal (then the progress bar redraws one line in place). */
final class Terminal {
    private Terminal() {
    }

    /**
     * True when the JVM has a console attached to a terminal. Up to JDK 21 {@link System#console()} is null when
     * stdin or stdout is redirected; from JDK 22 it may return a console anyway, and {@code Console.isTerminal()}
     * (looked up reflectively, this code targets Java 17) tells the truth.
     */
    static boolean isInteractive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
