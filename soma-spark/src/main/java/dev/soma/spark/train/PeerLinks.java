package dev.soma.spark.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Direct TCP connections between the tasks of one barrier stage, one per pair, open for the whole epoch, and the
 * all-gather over them: every task sends its bytes to every other task (each send on its own thread, so two tasks
 * sending large frames to each other never wait on each other's reading) and reads theirs in partition order.
 * Partition p connects to every higher partition and accepts the lower ones; addresses come from {@link Rendezvous}.
 */
final class PeerLinks implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    /** Read timeout slice: how often a waiting task checks whether it was killed. */
    static final int POLL_MILLIS = 1000;

    private final int partition;
    private final Socket[] sockets;
    private final InputStream[] ins;
    private final OutputStream[] outs;
    private final ExecutorService senders;
    private final BooleanSupplier killed;
    /** Each peer's last frame, reused by the next {@link #allGather} when the length is the same. */
    private final byte[][] inbox;

    private PeerLinks(int partition, int partitions, BooleanSupplier killed) {
        this.partition = partition;
        this.sockets = new Socket[partitions];
        this.ins = new InputStream[partitions];
        this.outs = new OutputStream[partitions];
        this.killed = killed;
        this.inbox = new byte[partitions][];
        this.senders = Executors.newFixedThreadPool(Math.max(1, partitions - 1), r -> {
            Thread t = new Thread(r, "soma-barrier-send-" + partition);
            t.setDaemon(true);
            return t;
        });
    }

    static InetSocketAddress socketAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /**
     * Listens on {@code host}, meets the other tasks at the driver's {@code rendezvous} under {@code key}, and
     * connects to all of them.
     */
    static PeerLinks open(String rendezvous, String key, int partition, int partitions, String host,
                          BooleanSupplier killed) {
        PeerLinks links = new PeerLinks(partition, partitions, killed);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), partitions);
            server.setSoTimeout(POLL_MILLIS);
            String me = server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
            String[] all = Rendezvous.meet(rendezvous, key, partition, me, killed);
            if (all.length != partitions) {
                throw new LinkFailure("barrier synchronization: the driver listed " + all.length
                        + " tasks, expected " + partitions);
            }
            for (int q = partition + 1; q < partitions; q++) {
                Socket s = new Socket();
                s.connect(socketAddress(all[q]), CONNECT_TIMEOUT_MILLIS);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeLong(Rendezvous.secret(rendezvous));
                out.writeInt(partition);
                out.flush();
                links.attach(q, s);
            }
            for (int accepted = 0; accepted < partition; ) {
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException e) {
                    if (killed.getAsBoolean()) {
                        throw new LinkFailure("barrier synchronization: task killed while waiting for its peers");
                    }
                    continue;
                }
                s.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
                DataInputStream in = new DataInputStream(s.getInputStream());
                if (in.readLong() != Rendezvous.secret(rendezvous)) {
                    s.close(); // not one of this job's tasks
                    continue;
                }
                int q = in.readInt();
                if (q < 0 || q >= partition || links.sockets[q] != null) {
                    s.close();
                    throw new LinkFailure("barrier synchronization: partition " + partition + " was reached by "
                            + "partition " + q + ", expected one of 0.." + (partition - 1) + " once");
                }
                links.attach(q, s);
                accepted++;
            }
            return links;
        } catch (IOException | RuntimeException e) {
            links.close();
            if (e instanceof LinkFailure se) {
                throw se;
            }
            throw new LinkFailure("barrier synchronization: partition " + partition + " could not connect to its "
                    + "peers: " + e.getMessage(), e);
        }
    }

    /** Number of tasks, this one included. */
    int partitions() {
        return sockets.length;
    }

    private void attach(int q, Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setSoTimeout(POLL_MILLIS);
        sockets[q] = s;
        ins[q] = new BufferedInputStream(s.getInputStream(), 1 << 16);
        outs[q] = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
    }

    /**
     * Sends {@code mine} to every peer; returns every partition's bytes (this one's own at its index). The arrays are
     * reused by the next call: read them before. {@code mine} may be reused once this returns.
     */
    byte[][] allGather(byte[] mine) {
        List<Future<?>> sends = new ArrayList<>();
        for (int q = 0; q < sockets.length; q++) {
            if (q != partition) {
                OutputStream out = outs[q];
                sends.add(senders.submit(() -> {
                    Frames.write(out, mine);
                    return null;
                }));
            }
        }
        byte[][] all = new byte[sockets.length][];
        try {
            for (int q = 0; q < sockets.length; q++) {
                if (q != partition) {
                    inbox[q] = Frames.read(ins[q], killed, "partition " + q, inbox[q]);
                }
                all[q] = q == partition ? mine : inbox[q];
            }
            for (Future<?> f : sends) {
                f.get();
            }
        } catch (IOException e) {
            throw new LinkFailure("barrier synchronization: partition " + partition + " lost a peer: "
                    + e.getMessage(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new LinkFailure("barrier synchronization: partition " + partition + " could not send: "
                    + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkFailure("barrier synchronization: partition " + partition + " was interrupted");
        }
        return all;
    }

    @Override
    public void close() {
        senders.shutdownNow();
        for (Socket s : sockets) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
