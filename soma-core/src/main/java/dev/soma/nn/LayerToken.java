package dev.soma.nn;

import dev.soma.SomaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One token of an architecture spec: a name, positional arguments and {@code key=value} options, separated by
 * colons ({@code conv:1:32:3:stride=2:pad=1} has name "conv", arguments 1, 32, 3 and options stride, pad). Errors
 * name the token: {@code layer 'conv:1:x:3': 'x' is not an integer}.
 */
public final class LayerToken {
    private final String text;
    private final String name;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();

    private final String inner;

    public LayerToken(String token) {
        this.text = token.trim().toLowerCase(Locale.ROOT);
        int open = text.indexOf('(');
        String head = text;
        if (open >= 0 && text.endsWith(")")) {
            inner = text.substring(open + 1, text.length() - 1);
            head = text.substring(0, open);
        } else {
            inner = null;
        }
        String[] parts = head.split(":");
        this.name = parts[0];
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0) {
                options.put(p.substring(0, eq), p.substring(eq + 1));
            } else {
                args.add(p);
            }
        }
    }

    /** The text inside the token's parentheses ({@code residual(linear:8:8,relu)}: "linear:8:8,relu"), or null. */
    public String inner() {
        return inner;
    }

    /** The whole token, lower case. */
    public String text() {
        return text;
    }

    public String name() {
        return name;
    }

    /** Number of positional (numeric) arguments. */
    public int args() {
        return args.size();
    }

    /** True when the bare word {@code flag}, declared with {@link #allowOnly}, appears ({@code linear:784:256:nobias}). */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Positional argument i as an integer; {@code what} names it in errors. */
    public int intArg(int i, String what) {
        if (i >= args.size()) {
            throw error("missing " + what);
        }
        return integer(args.get(i));
    }

    /** Positional argument i as a number. */
    public double doubleArg(int i, String what) {
        if (i >= args.size()) {
            throw error("missing " + what);
        }
        return number(args.get(i));
    }

    /** Option {@code key} as an integer, or {@code dflt}. */
    public int intOption(String key, int dflt) {
        String v = options.get(key);
        return v == null ? dflt : integer(v);
    }

    /** Option {@code key} as a number, or {@code dflt}. */
    public double doubleOption(String key, double dflt) {
        String v = options.get(key);
        return v == null ? dflt : number(v);
    }

    /** Option {@code key} as a string, or {@code dflt}. */
    public String option(String key, String dflt) {
        return options.getOrDefault(key, dflt);
    }

    /**
     * Declares the option keys and bare-word flags this layer takes: the words among {@code known} stop counting as
     * positional arguments and become flags; any other option key is an error.
     */
    public void allowOnly(String... known) {
        List<String> k = List.of(known);
        for (java.util.Iterator<String> it = args.iterator(); it.hasNext(); ) {
            String a = it.next();
            if (k.contains(a)) {
                flags.add(a);
                it.remove();
            }
        }
        for (String o : options.keySet()) {
            if (!k.contains(o)) {
                throw error("unknown option '" + o + "' (expected one of " + k + ")");
            }
        }
    }

    /** An error that names this token. */
    public SomaException error(String message) {
        return new SomaException("layer '" + text + "': " + message);
    }

    private int integer(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not an integer");
        }
    }

    private double number(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not a number");
        }
    }
}
