package dev.soma.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataOutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The driver's meeting point answers the job's tasks only: a connection without the job's secret is dropped. */
class RendezvousTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void onlyConnectionsWithTheJobsSecretAreAnswered() throws Exception {
        try (Rendezvous r = new Rendezvous("127.0.0.1", 1)) {
            String address = r.address();
            try (Socket s = new Socket()) {
                s.connect(PeerLinks.socketAddress(Rendezvous.hostPort(address)), 10_000);
                s.setSoTimeout(10_000);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeLong(Rendezvous.secret(address) ^ 1);
                out.writeUTF("epoch-0");
                out.writeInt(0);
                out.writeUTF("127.0.0.1:1");
                out.flush();
                assertEquals(-1, s.getInputStream().read(), "a stranger gets the connection closed, no addresses");
            }
            String[] all = Rendezvous.meet(address, "epoch-0", 0, "127.0.0.1:2", () -> false);
            assertArrayEquals(new String[] {"127.0.0.1:2"}, all);
        }
    }
}
