package io.orderflow.systemtests.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Sends {@code POST /orders} over kept-alive HTTP/1.1 connections, one request at a time per
 * connection, with the calling thread doing the socket I/O itself.
 *
 * <p>Why not {@code java.net.http.HttpClient}: the driver shares the machine's two cores with
 * what it measures, and that client hands every request between the caller, its selector
 * thread and its executor; it cost 1.1-1.7 ms of CPU per order at maximum rate here, more than
 * payment- and shipping-service together. A load generator should cost little next to the
 * system under test, as {@code wrk} does; this one writes the request and reads the answer on the
 * caller's thread (0.15-0.5 ms per order). It speaks only what order-service answers: a status line, headers, and a body
 * sized by {@code Content-Length} or chunked.
 */
final class OrderPoster implements AutoCloseable {

    /** An answer: its status and body. */
    record Answer(int status, String body) {
    }

    private final InetSocketAddress address;
    private final byte[] head;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    OrderPoster(URI orderService) {
        this.address = new InetSocketAddress(orderService.getHost(), orderService.getPort());
        this.head = ("POST /orders HTTP/1.1\r\nHost: " + orderService.getHost() + ":" + orderService.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** Posts one order on an idle connection (or a new one) and returns the answer. */
    Answer post(String json) throws IOException {
        Connection connection = idle.poll();
        if (connection == null) {
            connection = new Connection(address);
        }
        try {
            Answer answer = connection.exchange(head, json.getBytes(StandardCharsets.UTF_8));
            idle.add(connection);
            return answer;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            connection.close();
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5_000);
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        Answer exchange(byte[] head, byte[] body) throws IOException {
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length + body.length + 16);
            request.write(head);
            request.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(body);
            out.write(request.toByteArray());
            out.flush();
            return read();
        }

        private Answer read() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            byte[] body = chunked ? chunks() : length >= 0 ? in.readNBytes(length) : in.readAllBytes();
            if (length >= 0 && body.length != length) {
                throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
            }
            if (close) {
                throw new IOException("the server closed the connection (status " + code + ")");
            }
            return new Answer(code, new String(body, StandardCharsets.UTF_8));
        }

        private byte[] chunks() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                body.write(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers: none expected, skipped
            }
            return body.toByteArray();
        }

        private int chunkSize() throws IOException {
            String line = line();
            int extension = line.indexOf(';');
            return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed in the middle of an answer");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we no longer use
            }
        }
    }
}
