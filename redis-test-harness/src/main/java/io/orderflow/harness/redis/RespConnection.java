package io.orderflow.harness.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal Redis client (RESP2 over a socket), for reading Redis as it is without any client
 * library standing between a test and the server, and for measuring what the least a client can
 * do reaches. Not thread-safe: one per thread.
 *
 * <p>Two ways to use it. {@link #call} sends one command and answers simple and bulk strings as
 * {@link String}, integers as {@link Long}, arrays as {@link List} and nil as {@code null}.
 * {@link #queue}, {@link #flush} and {@link #readRaw} pipeline commands and answer bulk strings
 * as {@code byte[]} (simple strings still as {@link String}), so that bytes read can be written
 * back unchanged. Either way an error reply throws {@link RedisErrorReply}, except inside an
 * array (an {@code EXEC} reply), where it stands as an element.
 */
public final class RespConnection implements AutoCloseable {

    /** An error Redis answered, e.g. {@code NOGROUP} or {@code WRONGTYPE}. */
    public static final class RedisErrorReply extends RuntimeException {
        RedisErrorReply(String message) {
            super(message);
        }
    }

    private static final int BUFFER_BYTES = 1 << 16;
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    // Own buffers rather than the java.io buffered streams, which take a lock on every call: a
    // pipeline of thousands of commands makes tens of thousands of them.
    private final byte[] received = new byte[BUFFER_BYTES];
    private int readAt;
    private int receivedEnd;
    private byte[] toSend = new byte[BUFFER_BYTES];
    private int toSendEnd;

    public RespConnection(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Redis at " + host + ":" + port, e);
        }
    }

    public Object call(String... arguments) {
        queue((Object[]) arguments);
        flush();
        try {
            return read(false);
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

    /**
     * Writes a command into the send buffer, to go with the next {@link #flush}; each argument is
     * a {@code byte[]} as it is, anything else its {@code toString()} in UTF-8. Its reply is read
     * with {@link #readRaw}, in the order the commands were queued.
     */
    public void queue(Object... arguments) {
        writeLength('*', arguments.length);
        for (Object argument : arguments) {
            byte[] bytes = argument instanceof byte[] raw ? raw : argument.toString().getBytes(StandardCharsets.UTF_8);
            writeLength('$', bytes.length);
            write(bytes);
            write(CRLF);
        }
    }

    /** Sends what {@link #queue} wrote, in one write. */
    public void flush() {
        try {
            out.write(toSend, 0, toSendEnd);
            out.flush();
            toSendEnd = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to Redis", e);
        }
    }

    /** The next reply, bulk strings as {@code byte[]}. */
    public Object readRaw() {
        try {
            return read(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read from Redis", e);
        }
    }

    private void writeLength(char kind, int length) {
        if (toSendEnd == toSend.length) {
            toSend = Arrays.copyOf(toSend, toSend.length * 2);
        }
        toSend[toSendEnd++] = (byte) kind;
        write(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
        write(CRLF);
    }

    private void write(byte[] bytes) {
        if (toSendEnd + bytes.length > toSend.length) {
            toSend = Arrays.copyOf(toSend, Math.max(toSend.length * 2, toSendEnd + bytes.length));
        }
        System.arraycopy(bytes, 0, toSend, toSendEnd, bytes.length);
        toSendEnd += bytes.length;
    }

    private int next() throws IOException {
        if (readAt == receivedEnd) {
            receive();
        }
        return received[readAt++] & 0xff;
    }

    private byte[] nextBytes(int length) throws IOException {
        byte[] bytes = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (readAt == receivedEnd) {
                receive();
            }
            int chunk = Math.min(length - copied, receivedEnd - readAt);
            System.arraycopy(received, readAt, bytes, copied, chunk);
            readAt += chunk;
            copied += chunk;
        }
        return bytes;
    }

    private void receive() throws IOException {
        int count = in.read(received);
        if (count <= 0) {
            throw new IOException("Redis closed the connection");
        }
        readAt = 0;
        receivedEnd = count;
    }

    private Object read(boolean rawBulk) throws IOException {
        int type = next();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new RedisErrorReply(line);
            case ':' -> Long.parseLong(line);
            case '$' -> bulk(Integer.parseInt(line), rawBulk);
            case '*' -> array(Integer.parseInt(line), rawBulk);
            default -> throw new IOException("unexpected RESP type '" + (char) type + "'");
        };
    }

    private Object bulk(int length, boolean raw) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = nextBytes(length);
        nextBytes(2); // CRLF
        return raw ? bytes : new String(bytes, StandardCharsets.UTF_8);
    }

    private List<Object> array(int length, boolean rawBulk) throws IOException {
        if (length < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            try {
                items.add(read(rawBulk));
            } catch (RedisErrorReply nested) {
                items.add(nested); // e.g. one failed command inside an EXEC reply
            }
        }
        return items;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = next()) != '\r') {
            line.append((char) c);
        }
        next(); // '\n'
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
