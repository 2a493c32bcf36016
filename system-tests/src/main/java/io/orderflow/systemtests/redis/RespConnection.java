package io.orderflow.systemtests.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Redis client (RESP2 over a socket) so that the tests read Redis as it is, without
 * any client library standing between them and the server. Not thread-safe: one per thread.
 * Replies: simple and bulk strings as {@link String}, integers as {@link Long}, arrays as
 * {@link List}, nil as {@code null}; an error reply throws {@link RedisErrorReply}.
 */
public final class RespConnection implements AutoCloseable {

    /** An error Redis answered, e.g. {@code NOGROUP} or {@code WRONGTYPE}. */
    public static final class RedisErrorReply extends RuntimeException {
        RedisErrorReply(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespConnection(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Redis at " + host + ":" + port, e);
        }
    }

    public Object call(String... arguments) {
        try {
            out.write(('*' + String.valueOf(arguments.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                out.write(('$' + String.valueOf(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write('\r');
                out.write('\n');
            }
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis call " + arguments[0] + " failed", e);
        }
    }

    public long callForLong(String... arguments) {
        return (Long) call(arguments);
    }

    @SuppressWarnings("unchecked")
    public List<Object> callForList(String... arguments) {
        Object reply = call(arguments);
        return reply == null ? List.of() : (List<Object>) reply;
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new RedisErrorReply(line);
            case ':' -> Long.parseLong(line);
            case '$' -> bulk(Integer.parseInt(line));
            case '*' -> array(Integer.parseInt(line));
            case -1 -> throw new IOException("Redis closed the connection");
            default -> throw new IOException("unexpected RESP type '" + (char) type + "'");
        };
    }

    private String bulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        in.readNBytes(2); // CRLF
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<Object> array(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            try {
                items.add(read());
            } catch (RedisErrorReply nested) {
                items.add(nested); // e.g. one failed command inside an EXEC reply
            }
        }
        return items;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c == -1) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read(); // '\n'
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }
}
