package dev.soma.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on files a command is about to write: never overwrite unless {@code --force}, and the directory exists. */
final class Outputs {
    private Outputs() {
    }

    /**
     * Refuses (exit 2) when {@code file} exists and {@code force} is off, or when its directory does not exist.
     * Call it for every output before any work starts, so a long training run cannot fail at its end.
     */
    static void checkWritable(Path file, String option, boolean force) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option + " " + file + ": is a directory, expected a file name");
        }
        if (Files.exists(file) && !force) {
            throw new UsageException(option + " " + file + ": file exists (use --force to overwrite it)");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException(option + " " + file + ": directory " + dir + " does not exist");
        }
    }

    /** Refuses (exit 2) when an input file is missing or unreadable. */
    static void checkReadable(Path file, String option) {
        if (!Files.exists(file)) {
            throw new UsageException(option + " " + file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException(option + " " + file + ": not readable");
        }
    }
}
