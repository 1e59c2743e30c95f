package dev.soma.spark.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark stand-alone cluster on loopback for tests: one Master and N Worker JVMs started from the jars of the
 * test class path, each worker with one core. Executors are launched by the workers from a Spark home made of links
 * to those jars. Every JVM it starts is killed (with its children) by {@link #close}; waits are bounded.
 */
final class LocalCluster implements AutoCloseable {
    private final Path dir;
    private final String classpath;
    private final List<Process> processes = new ArrayList<>();
    final List<Process> workers = new ArrayList<>();
    final int port;
    /** Soma's classes (directories of the reactor build) for the executors' class path. */
    final String somaClasses;

    LocalCluster(Path dir, int workerCount) throws IOException, InterruptedException {
        this.dir = dir;
        String deps = Files.readString(Path.of("target/test-classpath.txt")).trim();
        this.classpath = Path.of("target/classes").toAbsolutePath() + ":" + Path.of("target/test-classes").toAbsolutePath()
                + ":" + deps;
        StringBuilder dirs = new StringBuilder(Path.of("target/classes").toAbsolutePath().toString());
        for (String e : deps.split(":")) {
            if (!e.endsWith(".jar")) {
                dirs.append(':').append(e);
            }
        }
        this.somaClasses = dirs.toString();
        Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
        for (String e : deps.split(":")) {
            Path p = Path.of(e);
            if (e.endsWith(".jar") && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
            }
        }
        // the child JVMs log at INFO (their readiness is read from the logs), not at the tests' WARN
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n", "rootLogger.level = info",
                "rootLogger.appenderRef.stdout.ref = console", "appender.console.type = Console",
                "appender.console.name = console", "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex", ""));
        this.port = freePort();
        Process master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        awaitLog("master", "I have been elected leader", 90);
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(dir.resolve("work-" + i));
            workers.add(start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", masterUrl(), "--host",
                    "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(freePort()),
                    "--work-dir", work.toString())));
        }
        for (int i = 0; i < workerCount; i++) {
            awaitLog("worker-" + i, "Successfully registered with master", 90);
        }
        if (!master.isAlive()) {
            throw new IllegalStateException("the master exited: " + log("master"));
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The JVM options Spark needs on Java 17, and the Vector API module Soma's kernels use. */
    static List<String> jvmOptions() {
        List<String> o = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector",
                "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true", "-Xmx512m"));
        for (String p : new String[] {"java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
                "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch",
                "sun.nio.cs", "sun.security.action", "sun.util.calendar"}) {
            o.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        return o;
    }

    /** Starts a JVM running {@code main} on the test class path; output goes to NAME.log. */
    Process start(String name, List<String> mainAndArgs, String... systemProperties) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions());
        cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        cmd.addAll(List.of(systemProperties));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", dir.resolve("spark-home").toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    String log(String name) {
        try {
            Path f = dir.resolve(name + ".log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits (at most {@code seconds}) until NAME.log contains {@code text}. */
    void awaitLog(String name, String text, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (log(name).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + text + "' within " + seconds + " s:\n" + log(name));
    }

    /** SIGKILL for a JVM (Process.destroyForcibly on Linux), without its children first. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
