package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
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
                + "[mazur, lee, graph] (case-sensitive) but was 'hinton' (see 'soma example --help')\n", r.errLines());
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
