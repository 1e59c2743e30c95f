package dev.soma.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The reflective work behind {@link NativeBlas}, done once: checks the JDK version and native access, loads the
 * library, and links {@code cblas_sgemm} (critical, heap access), {@code openblas_set_num_threads} and the string
 * functions through {@code java.lang.foreign}, which exists as a final API from JDK 22 only; the project compiles
 * with {@code --release 17}, so every foreign-function type is reached through reflection and method handles.
 */
final class NativeBlasBinder {
    final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    final Class<?> segmentClass;
    final Class<?> layoutClass;
    final Class<?> valueLayoutClass;
    final Class<?> descriptorClass;
    final Class<?> linkerClass;
    final Class<?> optionClass;
    final Object linker;
    final Class<?> lookupClass;
    final Object symbols;
    final Path library;

    NativeBlasBinder() throws ReflectiveOperationException, NativeBlas.Unavailable {
        int feature = Runtime.version().feature();
        if (feature < 22) {
            throw new NativeBlas.Unavailable("this is JDK " + feature + "; the foreign-function API needs JDK 22 or later");
        }
        Method enabled = Module.class.getMethod("isNativeAccessEnabled");
        Module module = NativeBlas.class.getModule();
        if (!(Boolean) enabled.invoke(module)) {
            String name = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            throw new NativeBlas.Unavailable("native access is not enabled for "
                    + (module.isNamed() ? "module " + name : "the unnamed module")
                    + " (start java with --enable-native-access=" + name + ")");
        }
        library = NativeBlas.findLibrary(System.getProperty(NativeBlas.LIBRARY_PROPERTY));
        segmentClass = Class.forName("java.lang.foreign.MemorySegment");
        layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
        valueLayoutClass = Class.forName("java.lang.foreign.ValueLayout");
        descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
        linkerClass = Class.forName("java.lang.foreign.Linker");
        optionClass = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
        lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
        linker = linkerClass.getMethod("nativeLinker").invoke(null);
        Object global = arenaClass.getMethod("global").invoke(null);
        try {
            symbols = lookupClass.getMethod("libraryLookup", Path.class, arenaClass).invoke(null, library, global);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new NativeBlas.Unavailable("cannot load " + library + ": " + e.getCause().getMessage());
        }
    }

    Optional<?> find(String name) throws ReflectiveOperationException {
        return (Optional<?>) lookupClass.getMethod("find", String.class).invoke(symbols, name);
    }

    Object symbol(String name) throws ReflectiveOperationException, NativeBlas.Unavailable {
        Optional<?> s = find(name);
        if (s.isEmpty()) {
            throw new NativeBlas.Unavailable(library + " has no symbol " + name);
        }
        return s.get();
    }

    Object layout(String field) throws ReflectiveOperationException {
        return valueLayoutClass.getField(field).get(null);
    }

    Object layouts(Object... layouts) {
        Object array = Array.newInstance(layoutClass, layouts.length);
        for (int i = 0; i < layouts.length; i++) {
            Array.set(array, i, layouts[i]);
        }
        return array;
    }

    MethodHandle downcall(Object symbol, Object descriptor, boolean critical)
            throws ReflectiveOperationException {
        Object options = Array.newInstance(optionClass, critical ? 1 : 0);
        if (critical) {
            Array.set(options, 0, optionClass.getMethod("critical", boolean.class).invoke(null, true));
        }
        Method m = linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass, options.getClass());
        return (MethodHandle) m.invoke(linker, symbol, descriptor, options);
    }

    MethodHandle sgemm() throws ReflectiveOperationException, NativeBlas.Unavailable {
        Object i = layout("JAVA_INT");
        Object f = layout("JAVA_FLOAT");
        Object p = layout("ADDRESS");
        Object descriptor = descriptorClass.getMethod("ofVoid", layouts().getClass())
                .invoke(null, layouts(i, i, i, i, i, i, f, p, i, p, i, f, p, i));
        MethodHandle raw = downcall(symbol("cblas_sgemm"), descriptor, true);
        // (float[] array, long byteOffset) -> MemorySegment.ofArray(array).asSlice(byteOffset)
        MethodHandle ofArray = lookup.findStatic(segmentClass, "ofArray",
                MethodType.methodType(segmentClass, float[].class));
        MethodHandle asSlice = lookup.findVirtual(segmentClass, "asSlice",
                MethodType.methodType(segmentClass, long.class));
        MethodHandle slice = MethodHandles.filterArguments(asSlice, 0, ofArray);
        // Segment arguments at 12 (C), 9 (B), 7 (A): replaced from the last so earlier positions stay put.
        MethodHandle h = MethodHandles.collectArguments(raw, 12, slice);
        h = MethodHandles.collectArguments(h, 9, slice);
        h = MethodHandles.collectArguments(h, 7, slice);
        MethodType expected = MethodType.methodType(void.class, int.class, int.class, int.class, int.class,
                int.class, int.class, float.class, float[].class, long.class, int.class, float[].class, long.class,
                int.class, float.class, float[].class, long.class, int.class);
        if (!h.type().equals(expected)) {
            throw new IllegalStateException("adapted cblas_sgemm handle has type " + h.type());
        }
        return h;
    }

    MethodHandle setThreads() throws ReflectiveOperationException {
        Optional<?> s = find("openblas_set_num_threads");
        if (s.isEmpty()) {
            return null;
        }
        Object descriptor = descriptorClass.getMethod("ofVoid", layouts().getClass())
                .invoke(null, layouts(layout("JAVA_INT")));
        return downcall(s.get(), descriptor, false);
    }

    /** "openblas 0.3.21 (Haswell)" from openblas_get_config and openblas_get_corename, when present. */
    String describe(String core) throws ReflectiveOperationException {
        String config = cString("openblas_get_config");
        String version = "";
        if (config != null) {
            String[] words = config.trim().split("\\s+");
            if (words.length > 1 && words[0].equalsIgnoreCase("OpenBLAS")) {
                version = " " + words[1];
            }
        }
        String name = config != null || core != null ? "openblas" : library.getFileName().toString();
        return name + version + (core != null ? " (" + core.trim() + ")" : "");
    }

    /** Calls a {@code const char *f(void)} and reads the string, or null when the symbol is absent. */
    String cString(String function) throws ReflectiveOperationException {
        Optional<?> s = find(function);
        if (s.isEmpty()) {
            return null;
        }
        Object descriptor = descriptorClass.getMethod("of", layoutClass, layouts().getClass())
                .invoke(null, layout("ADDRESS"), layouts());
        MethodHandle h = downcall(s.get(), descriptor, false);
        Object address;
        try {
            address = h.invoke();
        } catch (Throwable t) {
            return null;
        }
        long raw = (Long) segmentClass.getMethod("address").invoke(address);
        if (raw == 0L) {
            return null;
        }
        Object wide = segmentClass.getMethod("reinterpret", long.class).invoke(address, 4096L);
        return (String) segmentClass.getMethod("getString", long.class).invoke(wide, 0L);
    }
}
