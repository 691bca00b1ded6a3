package io.beliefstream.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 client over a plain socket, for requests no well-behaved client would send (any bytes in the request
 * line, headers and body). One request per connection ({@code Connection: close} is the caller's business); the request
 * is written from another thread while the response is read, so a server that answers before reading the whole body
 * (413, 415, 403) is seen answering. Every wait is bounded by {@code timeoutMs}.
 */
final class RawHttp implements AutoCloseable {
    /** A response: status, headers (lower-case names, last wins), body (empty for HEAD and live feeds). */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final int timeoutMs;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "raw-http-writer");
        t.setDaemon(true);
        return t;
    });

    RawHttp(String host, int port, int timeoutMs) {
        this.host = host;
        this.port = port;
        this.timeoutMs = timeoutMs;
    }

    /** Sends {@code request} (the whole bytes: request line, headers, body) and reads one response. */
    Response exchange(byte[] request, boolean head) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            OutputStream out = socket.getOutputStream();
            Future<?> written = writer.submit(() -> {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed before reading everything: its answer is what counts
                }
            });
            InputStream in = socket.getInputStream();
            Response response = read(in, head);
            written.cancel(true);
            return response;
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed without a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        if (status >= 100 && status < 200) {
            return read(in, head); // an interim answer (100 Continue): the final one follows
        }
        String type = headers.getOrDefault("content-type", "");
        if (head || status == 204 || status == 304 || (status == 200 && type.startsWith("text/event-stream"))) {
            return new Response(status, headers, new byte[0]);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            long n = Long.parseLong(headers.get("content-length"));
            byte[] buf = in.readNBytes((int) n);
            if (buf.length != n) {
                throw new IOException("body ended after " + buf.length + " of " + n + " bytes");
            }
            body.write(buf);
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("chunked body ended early");
                }
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toByteArray());
    }

    /** One CRLF- (or LF-) terminated line as ISO-8859-1, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        writer.shutdownNow();
        writer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
