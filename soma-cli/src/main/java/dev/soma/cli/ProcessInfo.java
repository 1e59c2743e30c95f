package dev.soma.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about this process for benchmarks: its age and its peak resident memory. */
final class ProcessInfo {
    private ProcessInfo() {
    }

    /**
     * Seconds since the JVM process started: the operating system's start time of this process when known
     * ({@link ProcessHandle.Info#startInstant()}, 10 ms resolution on Linux), else the JVM's own start time.
     */
    static double secondsSinceStart() {
        long now = System.currentTimeMillis();
        long start = ProcessHandle.current().info().startInstant()
                .map(java.time.Instant::toEpochMilli)
                .orElse(ManagementFactory.getRuntimeMXBean().getStartTime());
        return (now - start) / 1000.0;
    }

    /** Peak resident set size in MiB (VmHWM of /proc/self/status), or NaN where that file does not exist. */
    static double peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
