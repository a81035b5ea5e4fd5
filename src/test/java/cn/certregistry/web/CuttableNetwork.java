package cn.certregistry.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to the service that can be cut, as a network is: once cut, every connection through it is closed and new
 * ones are refused. Chromium's offline mode cuts a page's own requests but not its service worker's, so the offline
 * verifier's test opens the page through this and cuts both.
 */
final class CuttableNetwork implements AutoCloseable {

    private final ServerSocket listening;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    CuttableNetwork(int servicePort) throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket service = new Socket(InetAddress.getLoopbackAddress(), servicePort);
                    open.add(client);
                    open.add(service);
                    relay(client, service);
                    relay(service, client);
                } catch (IOException cut) {
                    // closed: the network is cut
                }
            }
        }, "cuttable-network");
        accepting.setDaemon(true);
        accepting.start();
    }

    int port() {
        return listening.getLocalPort();
    }

    private static void relay(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException cut) {
                // either side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "cuttable-network-relay");
        pump.setDaemon(true);
        pump.start();
    }

    /** Cuts the network: closes every connection and refuses new ones. */
    void cut() throws IOException {
        listening.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
