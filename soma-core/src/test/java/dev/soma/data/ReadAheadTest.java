package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a data set's IDX files ahead: the open takes what was read (shown by a file rewritten behind an unchanged
 * size and modification time), a file changed since is read again, leftovers are dropped by the next open, and
 * anything that is not an IDX directory, or fails to read, leaves the open exactly as without read-ahead.
 */
class ReadAheadTest {
    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        ReadAhead.discard();
    }

    private void writeSet(int trainLabelOffset) throws IOException {
        byte[][] train = TestFiles.imagesAndLabels(30, 4, 5, 10);
        byte[][] test = TestFiles.imagesAndLabels(12, 4, 5, 10);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(train[0]));
        byte[] labels = train[1].clone();
        for (int i = 8; i < labels.length; i++) {
            labels[i] = (byte) ((labels[i] + trainLabelOffset) % 10);
        }
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), test[0]);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), test[1]);
    }

    private static int label(DataSplit s, int i) {
        return s.train().label(i);
    }

    @Test
    void theOpenTakesWhatWasReadAhead() throws IOException {
        writeSet(0);
        ReadAhead.start(dir.toString());
        ReadAhead.awaitReads();
        assertEquals(4, ReadAhead.pending());
        // same size, same modification time, other labels: only a read-ahead copy still says 7
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        FileTime t = Files.getLastModifiedTime(labels);
        writeSet(1);
        Files.setLastModifiedTime(labels, t);
        DataSplit s = DataSources.open(dir.toString(), null);
        assertEquals(7, label(s, 17));
        assertEquals(12, s.test().size());
        assertEquals(0, ReadAhead.pending());
    }

    @Test
    void aFileChangedSinceIsReadAgain() throws IOException {
        writeSet(0);
        ReadAhead.start(dir.toString());
        ReadAhead.awaitReads();
        writeSet(1);
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.setLastModifiedTime(labels, FileTime.fromMillis(Files.getLastModifiedTime(labels).toMillis() + 5000));
        assertEquals(8, label(DataSources.open(dir.toString(), null), 17));
    }

    @Test
    void anotherDataSetsReadsAreDroppedByTheNextOpen() throws IOException {
        writeSet(0);
        ReadAhead.start(dir.toString());
        Path csv = Files.writeString(Files.createTempFile(dir.getParent(), "other", ".csv"), "x,y\n1,0\n2,1\n");
        DataSources.open(csv.toString(), null);
        assertEquals(0, ReadAhead.pending());
    }

    @Test
    void failuresAreReportedByTheOpenAsWithoutReadAhead() throws IOException {
        writeSet(0);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        String without = assertThrows(SomaException.class, () -> DataSources.open(dir.toString(), null)).getMessage();
        ReadAhead.start(dir.toString());
        ReadAhead.awaitReads();
        String with = assertThrows(SomaException.class, () -> DataSources.open(dir.toString(), null)).getMessage();
        assertEquals(without, with);
    }

    @Test
    void onlyIdxDirectoriesAreReadAhead() throws IOException {
        Path csv = Files.writeString(dir.resolve("d.csv"), "x,y\n1,0\n");
        for (String spec : new String[] {csv.toString(), dir.toString(), dir.resolve("missing").toString(),
                "builtin:xor", "builtin:nope", "", "   "}) {
            ReadAhead.start(spec);
            assertEquals(0, ReadAhead.pending(), spec);
        }
        ReadAhead.start(null);
        assertEquals(0, ReadAhead.pending());
    }
}
