package dev.soma.io;

/**
 * The {@code __metadata__} keys of Soma's model files as train.SavedModel writes them (docs/FORMAT.md). Values are
 * strings; structured values are JSON text inside the string, because safetensors metadata is a string → string map.
 */
public final class MetadataKeys {
    /** {@code soma.model} for a model file. */
    public static final String FORMAT = "format";
    /** Version of the model-file layout, {@code 1}. */
    public static final String FORMAT_VERSION = "format_version";
    /** Version of Soma that wrote the file, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String SOMA_VERSION = "soma_version";
    /** Architecture spec of the Sequential, e.g. {@code linear:784:256,relu,linear:256:10} (plain string). */
    public static final String ARCHITECTURE = "architecture";
    /** {@code classification} or {@code regression}. */
    public static final String TASK = "task";
    /** Class names in label order as a JSON array of strings, e.g. {@code ["0","1"]}. */
    public static final String CLASS_NAMES = "class_names";
    /** Input standardization as JSON {@code {"mean":[...],"std":[...]}} (data.Standardizer); absent if none. */
    public static final String STANDARDIZER = "standardizer";
    /** Name of the training loss (optional). */
    public static final String LOSS = "loss";
    /** Prefix of free-form extra entries. */
    public static final String EXTRA_PREFIX = "x.";
    /** {@code checkpoint} in a training checkpoint (train.Checkpoint). */
    public static final String KIND = "soma.kind";
    /** CRC-32C of the data section, {@code crc32c:xxxxxxxx}; added by {@link SafeTensors} on write, checked on read. */
    public static final String CHECKSUM = SafeTensors.CHECKSUM_KEY;

    private MetadataKeys() {
    }
}
