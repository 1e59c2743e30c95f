package dev.soma.spark.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The driver's meeting point for barrier tasks: each task of a barrier stage connects once per epoch and says which
 * partition it is and where it listens; when all partitions of that stage attempt have arrived, every one of them gets
 * the full list of addresses in partition order (then the tasks talk to each other directly, {@link PeerLinks}). One
 * daemon thread, one short connection per task and epoch. Spark's own {@code BarrierTaskContext.allGather} does the
 * same job but polls for its reply once a second, which costs a second per call.
 */
final class Rendezvous implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final ServerSocket server;
    /** A random number every task presents, to the driver and to its peers: other connections are dropped. */
    private final long secret = new java.security.SecureRandom().nextLong();
    private final int partitions;
    private final Map<String, Pending> pending = new HashMap<>();
    private final Thread acceptor;

    private static final class Pending {
        final Socket[] sockets;
        final String[] addresses;
        int arrived;

        Pending(int n) {
            sockets = new Socket[n];
            addresses = new String[n];
        }
    }

    /** Listens on {@code host} (the driver's address the executors reach) on a free port. */
    Rendezvous(String host, int partitions) {
        this.partitions = partitions;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), partitions * 2);
        } catch (IOException e) {
            throw new dev.soma.SomaException("barrier synchronization: cannot listen on the driver's address " + host
                    + ": " + e.getMessage(), e);
        }
        acceptor = new Thread(this::serve, "soma-barrier-rendezvous");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** host:port/secret for the tasks (the secret travels inside the job's closure, never over these sockets). */
    String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + "/"
                + Long.toHexString(secret);
    }

    /** The host:port part of {@link #address()}. */
    static String hostPort(String address) {
        return address.substring(0, address.lastIndexOf('/'));
    }

    /** The secret part of {@link #address()}. */
    static long secret(String address) {
        return Long.parseUnsignedLong(address.substring(address.lastIndexOf('/') + 1), 16);
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setSoTimeout(READ_TIMEOUT_MILLIS);
                DataInputStream in = new DataInputStream(s.getInputStream());
                if (in.readLong() != secret) {
                    s.close(); // not one of this job's tasks
                    continue;
                }
                String key = in.readUTF();
                int p = in.readInt();
                String address = in.readUTF();
                if (p < 0 || p >= partitions) {
                    s.close();
                    continue;
                }
                Pending w = pending.computeIfAbsent(key, k -> new Pending(partitions));
                if (w.sockets[p] != null) {
                    w.sockets[p].close();
                } else {
                    w.arrived++;
                }
                w.sockets[p] = s;
                w.addresses[p] = address;
                if (w.arrived == partitions) {
                    pending.remove(key);
                    reply(w);
                }
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void reply(Pending w) {
        for (Socket s : w.sockets) {
            try (s) {
                Frames.write(s.getOutputStream(), String.join("\n", w.addresses).getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // that task is gone; Spark fails and retries its stage, which meets here again under a new key
            }
        }
    }

    /** Task side: registers and returns every partition's address, in partition order. */
    static String[] meet(String rendezvous, String key, int partition, String myAddress, BooleanSupplier killed) {
        try (Socket s = new Socket()) {
            s.connect(PeerLinks.socketAddress(hostPort(rendezvous)), PeerLinks.CONNECT_TIMEOUT_MILLIS);
            s.setSoTimeout(PeerLinks.POLL_MILLIS);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeLong(secret(rendezvous));
            out.writeUTF(key);
            out.writeInt(partition);
            out.writeUTF(myAddress);
            out.flush();
            return new String(Frames.read(s.getInputStream(), killed, "the driver", null), StandardCharsets.UTF_8)
                    .split("\n");
        } catch (IOException e) {
            throw new LinkFailure("barrier synchronization: partition " + partition + " could not meet the other "
                    + "tasks at the driver (" + hostPort(rendezvous) + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
