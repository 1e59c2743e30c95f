package dev.soma.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about this process for benchmarks: its age and its peak resident memory. */
final class ProcessInfo {
    private ProcessInfo() {
    }

    /** Clock ticks per second of /proc/self/stat (USER_HZ: 100 on every mainstream Linux). */
    static final double CLOCK_TICKS = 100;

    /**
     * Seconds since this process was created, the way shared/bench's reference scripts measure it: /proc/uptime
     * (seconds since boot, 10 ms resolution) minus field 22 of /proc/self/stat (the process start in ticks since
     * boot). {@link ProcessHandle.Info#startInstant()} is not used: it adds the boot time of /proc/stat, which has
     * whole-second resolution. Without /proc: the JVM's own start time (RuntimeMXBean).
     */
    static double secondsSinceStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long startTicks = Long.parseLong(f[19]);
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0]);
            return uptime - startTicks / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        }
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

    /** The 1-minute load average (/proc/loadavg), or NaN where unknown: benchmarks on a busy machine say so. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
