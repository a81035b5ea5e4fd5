package cn.certregistry.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One delivery's exchange, a POST over HTTP/1.1 to an address checked beforehand: the connection goes to that address,
 * never to what the name resolves to by then (a name that moved to an internal address since its check reaches
 * nothing), while TLS checks the certificate against the URL's host name, which it also sends as SNI. The whole
 * exchange (connection, handshake, request, answer) ends at its deadline, when the socket is closed under it, however
 * slowly the receiver trickles its answer. Only the status and {@code Retry-After} are read, from at most
 * {@link #MAX_HEAD_BYTES} of the answer. Free of framework types.
 */
final class PinnedPost {

    /** The status line and headers are read this far; the body is not read at all. */
    static final int MAX_HEAD_BYTES = 4096;

    /** What the receiver answered. */
    record Answer(int status, Optional<String> retryAfter) {
    }

    private final SSLSocketFactory tls;
    private final Duration connectTimeout;
    private final ScheduledExecutorService deadlines;

    /** {@code deadlines} closes the sockets of exchanges past their time; a single thread does, its work is a close. */
    PinnedPost(SSLSocketFactory tls, Duration connectTimeout, ScheduledExecutorService deadlines) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.deadlines = deadlines;
    }

    /** POSTs {@code body} to {@code url} at the first of {@code addresses} that takes the connection, within {@code total}. */
    Answer post(URI url, List<InetAddress> addresses, Map<String, String> headers, byte[] body, Duration total) throws IOException {
        long deadline = System.nanoTime() + total.toNanos();
        IOException last = new IOException("no address to connect to");
        for (InetAddress address : addresses) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Socket socket = new Socket();
            ScheduledFuture<?> end = deadlines.schedule(() -> closeQuietly(socket), left, TimeUnit.NANOSECONDS);
            try {
                socket.connect(new InetSocketAddress(address, port(url)), (int) Math.max(1,
                        Math.min(connectTimeout.toMillis(), TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (IOException e) {
                end.cancel(false);
                closeQuietly(socket);
                last = e;
                continue;
            }
            try {
                return exchange(url, socket, headers, body, deadline);
            } finally {
                end.cancel(false);
                closeQuietly(socket);
            }
        }
        throw last;
    }

    private Answer exchange(URI url, Socket connected, Map<String, String> headers, byte[] body, long deadline) throws IOException {
        Socket socket = connected;
        // the watchdog closes the socket at the deadline; the timeout makes a read that outlives a closed socket fail too
        connected.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if ("https".equalsIgnoreCase(url.getScheme())) {
            SSLSocket ssl = (SSLSocket) tls.createSocket(connected, url.getHost(), port(url), true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isLiteral(url.getHost())) {
                parameters.setServerNames(List.of(new SNIHostName(url.getHost())));
            }
            ssl.setSSLParameters(parameters);
            ssl.startHandshake();
            socket = ssl;
        }
        OutputStream out = socket.getOutputStream();
        out.write(head(url, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return answer(new java.io.BufferedInputStream(socket.getInputStream(), MAX_HEAD_BYTES));
    }

    private static String head(URI url, Map<String, String> headers, int length) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        StringBuilder head = new StringBuilder("POST ").append(path);
        if (url.getRawQuery() != null) {
            head.append('?').append(url.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(url.getRawAuthority()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n").toString();
    }

    /** The status line and the headers that matter, from the answer's first {@link #MAX_HEAD_BYTES} bytes. */
    static Answer answer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lineLength = 0;
        while (head.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            if (b == '\n') {
                // the head ends at an empty line: CRLF CRLF, or LF LF from a lax receiver
                if (lineLength == 0) {
                    break;
                }
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r?\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException("not an HTTP answer");
        }
        Optional<String> retryAfter = Optional.empty();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("retry-after")) {
                retryAfter = Optional.of(lines[i].substring(colon + 1).trim());
            }
        }
        return new Answer(Integer.parseInt(status[1]), retryAfter);
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static boolean isLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed either way
        }
    }
}
