package dev.soma.io;

/**
 * The {@code __metadata__} keys of Soma's model files (docs/FORMAT.md). Values are strings; structured values are
 * JSON text inside the string, because safetensors metadata is a string → string map.
 */
public final class MetadataKeys {
    /** Architecture spec of the Sequential, e.g. {@code linear:784:256,relu,linear:256:10} (plain string). */
    public static final String ARCHITECTURE = "soma.architecture";
    /** Class names in label order as a JSON array of strings, e.g. {@code ["0","1"]}; absent for regression. */
    public static final String CLASSES = "soma.classes";
    /** Input standardization as JSON {@code {"mean":[...],"std":[...]}} (see data.Standardizer); absent if none. */
    public static final String STANDARDIZATION = "soma.standardization";
    /** Version of Soma that wrote the file, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = "soma.version";
    /** {@code classification} or {@code regression}. */
    public static final String TASK = "soma.task";
    /** What the file is: {@code model} or {@code checkpoint}. */
    public static final String KIND = "soma.kind";
    /** CRC-32C of the data section, {@code crc32c:xxxxxxxx}; added by {@link SafeTensors} on write, checked on read. */
    public static final String CHECKSUM = SafeTensors.CHECKSUM_KEY;

    private MetadataKeys() {
    }
}
