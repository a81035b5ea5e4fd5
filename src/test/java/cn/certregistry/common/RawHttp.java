package cn.certregistry.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request. The request target, headers and body go out
 * byte for byte as given, so that a malformed escape, a raw non-ASCII byte or a wrong Content-Length
 * reaches the service as it is; the usual clients would refuse to send them or repair them first.
 */
final class RawHttp {

    /** {@code target} is the path and query as they go on the request line, already percent-encoded (or not). */
    record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    /** Header names in lower case. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    static Response send(String host, int port, Request request) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(60_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write((request.method() + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(request.target().getBytes(StandardCharsets.UTF_8));
            out.write(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            header(out, "Host", host + ":" + port);
            header(out, "Connection", "close");
            for (Map.Entry<String, String> header : request.headers()) {
                header(out, header.getKey(), header.getValue());
            }
            if (request.body() != null) {
                header(out, "Content-Length", Integer.toString(request.body().length));
            }
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            if (request.body() != null) {
                out.write(request.body());
            }
            OutputStream socketOut = socket.getOutputStream();
            socketOut.write(out.toByteArray());
            socketOut.flush();
            return read(socket.getInputStream());
        }
    }

    private static void header(ByteArrayOutputStream out, String name, String value) throws IOException {
        out.write((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new IOException("No complete response head in " + all.length + " bytes: "
                    + new String(all, 0, Math.min(all.length, 200), StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(new String(lines[i].substring(colon + 1).trim().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            body = unchunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] unchunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = 0;
        while (true) {
            int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, position);
            if (lineEnd < 0) {
                throw new IOException("Truncated chunked body");
            }
            String sizeLine = new String(chunked, position, lineEnd - position, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            position = lineEnd + 2;
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, position, size);
            position += size + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
