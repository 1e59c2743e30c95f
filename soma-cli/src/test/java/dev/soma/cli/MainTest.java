package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private static List<String> registered(String... args) {
        PrintWriter w = new PrintWriter(new StringWriter());
        return List.copyOf(Main.commandLine(w, w, args).getSubcommands().keySet());
    }

    @Test
    void onlyTheRequestedCommandIsBuiltButHelpAndTyposSeeThemAll() {
        List<String> all = List.of("demo", "train", "evaluate", "predict", "inspect", "export", "import", "gradcheck", "example", "cv", "bench",
                "playground", "dashboard", "help");
        assertEquals(List.of("bench"), registered("bench", "--only-b1"));
        assertEquals(List.of("train"), registered("--debug", "train", "--data", "x.csv"));
        assertEquals(all, registered());
        assertEquals(all, registered("--help"));
        assertEquals(all, registered("help", "train"));
        assertEquals(all, registered("trian"));
        assertEquals(true, Main.startKernels(new String[] {"--debug", "bench", "--only-b1"}));
        assertEquals(true, Main.startKernels(new String[] {"train", "help"}));
        assertEquals(false, Main.startKernels(new String[] {"help", "train"}));
        assertEquals(false, Main.startKernels(new String[] {"--version"}));
        assertEquals(false, Main.startKernels(new String[] {"bench", "--help"}));
        assertEquals(false, Main.startKernels(new String[] {"train", "-h"}));
        Cli r = Cli.run("trian");
        assertEquals(2, r.code, r.toString());
        assertTrue(r.errLines().contains("trian"), r.toString());
    }

    @Test
    void theDataSetReadAheadIsTheOneTheCommandNames() {
        assertEquals("/d", Main.dataToReadAhead(new String[] {"train", "--epochs", "2", "--data", "/d"}));
        assertEquals("/d", Main.dataToReadAhead(new String[] {"--debug", "evaluate", "--data=/d", "--model", "m"}));
        assertEquals(BenchCommand.DEFAULT_DATA, Main.dataToReadAhead(new String[] {"bench", "--only-b1"}));
        assertEquals("x", Main.dataToReadAhead(new String[] {"bench", "--data", "x"}));
        assertEquals(null, Main.dataToReadAhead(new String[] {"train", "--data"}));
        assertEquals(null, Main.dataToReadAhead(new String[] {"train", "--help", "--data", "/d"}));
        assertEquals(null, Main.dataToReadAhead(new String[] {"predict", "--data", "/d"}));
        assertEquals(null, Main.dataToReadAhead(new String[] {"help", "train", "--data", "/d"}));
        assertEquals(null, Main.dataToReadAhead(new String[] {}));
    }

    @Test
    void subcommandNamesAreTheirCommandNames() {
        Main.SUBCOMMANDS.forEach((name, c) ->
                assertEquals(name, c.getAnnotation(picocli.CommandLine.Command.class).name(), c.getName()));
    }

    @Test
    void noArgumentsPrintsTheUsage() {
        Cli r = Cli.run();
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("Usage: soma"), r.out);
        assertTrue(r.out.contains("example"), r.out);
    }

    @Test
    void unknownOptionIsOneLineWithExitTwo() {
        Cli r = Cli.run("example", "graph", "--frobnicate");
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: Unknown option: '--frobnicate' (see 'soma example --help')\n", r.errLines());
        assertEquals("", r.out);
    }

    @Test
    void badEnumValueNamesTheCandidates() {
        Cli r = Cli.run("example", "hinton");
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: Invalid value for positional parameter at index 0 (NAME): expected one of "
                + "[mazur, lee, graph, depth] (case-sensitive) but was 'hinton' (see 'soma example --help')\n", r.errLines());
    }

    @Test
    void badNumberIsOneLine() {
        Cli r = Cli.run("example", "mazur", "--steps", "many");
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: Invalid value for option '--steps': 'many' is not an int (see 'soma example --help')\n",
                r.errLines());
    }

    @Test
    void checkFailureFromTheCommandIsOneLine() {
        Cli r = Cli.run("example", "mazur", "--steps", "0");
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: --steps 0: expected a positive number of steps\n", r.errLines());
    }

    @Test
    void helpShowsDefaults() {
        Cli r = Cli.run("help", "example");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("Default: 10000"), r.out);
        assertTrue(r.out.contains("--debug"), r.out);
    }

    @Test
    void versionNamesTheJvm() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.code);
        assertTrue(r.out.startsWith("soma "), r.out);
        assertTrue(r.out.contains("JVM: "), r.out);
    }

    @Test
    void oneLineJoinsMultilineMessages() {
        assertEquals("a; b; c", Main.oneLine("a\n  b\r\nc\n"));
    }
}
