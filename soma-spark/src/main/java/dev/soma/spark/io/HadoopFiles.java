package dev.soma.spark.io;

import dev.soma.SomaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Whole-file reads and replace-by-rename writes on any Hadoop file system (file:, hdfs:, s3a: …). */
public final class HadoopFiles {
    private HadoopFiles() {
    }

    /** True when {@code path} is an existing file. */
    public static boolean exists(Configuration conf, String path) {
        Path p = new Path(path);
        try {
            return p.getFileSystem(conf).isFile(p);
        } catch (IOException e) {
            throw new SomaException(path + ": cannot check: " + e.getMessage(), e);
        }
    }

    /** The bytes of {@code path} (at most 2 GB). */
    public static byte[] read(Configuration conf, String path) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(conf);
            long len = fs.getFileStatus(p).getLen();
            if (len > Integer.MAX_VALUE - 8) {
                throw new SomaException(path + ": " + len + " bytes, more than one array holds");
            }
            byte[] bytes = new byte[(int) len];
            try (InputStream in = fs.open(p)) {
                int off = 0;
                while (off < bytes.length) {
                    int r = in.read(bytes, off, bytes.length - off);
                    if (r < 0) {
                        throw new SomaException(path + ": file ended after " + off + " of " + len + " bytes");
                    }
                    off += r;
                }
            }
            return bytes;
        } catch (java.io.FileNotFoundException e) {
            throw new SomaException(path + ": no such file");
        } catch (IOException e) {
            throw new SomaException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} to {@code path} through a temporary file renamed over it (parents are created). */
    public static void write(Configuration conf, String path, byte[] bytes) {
        Path target = new Path(path);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try {
            FileSystem fs = target.getFileSystem(conf);
            fs.mkdirs(target.getParent());
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename " + tmp + " to " + target + " failed");
            }
        } catch (IOException e) {
            throw new SomaException(path + ": cannot write: " + e.getMessage(), e);
        }
    }
}
