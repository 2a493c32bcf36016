package io.orderflow.harness.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Asks a server whether it is up, over a bare socket, so the harness needs no Redis client. */
final class RedisPing {

    private RedisPing() {
    }

    static void shutdownNoSave(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("SHUTDOWN NOSAVE\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().read();
        } catch (IOException e) {
            // Closed by the server going down, or nothing listening: down either way.
        }
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            int first = in.read();
            // "+PONG" when open, "-NOAUTH ..." when a password is required: up either way.
            // "-LOADING" means it is still reading its data set from disk: not up yet.
            if (first == '+') {
                return true;
            }
            if (first == '-') {
                byte[] rest = in.readNBytes(7);
                return !new String(rest, StandardCharsets.US_ASCII).startsWith("LOADING");
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
