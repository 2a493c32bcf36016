package io.orderflow.order.api;

import io.orderflow.httpapi.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a request body as UTF-8 text, refusing it as soon as it passes the size limit (without
 * reading the rest into memory) and refusing bytes that are not UTF-8 (instead of turning them
 * into replacement characters that would end up in an order).
 */
final class RequestBody {

    private RequestBody() {
    }

    static String read(InputStream body, int maxBytes) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : upTo(body, maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > maxBytes) {
            throw new ApiException(413, "payload_too_large", "body is larger than " + maxBytes + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiException.invalid("body is empty; expected {\"user_id\": ..., \"items\": [...]}");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalid("body is not valid UTF-8");
        }
    }

    /**
     * The stream's bytes, at most {@code limit} of them. {@code readNBytes} would allocate a 16 KB
     * chunk for every body, however small; a body RESTEasy buffered tells its size up front.
     */
    private static byte[] upTo(InputStream body, int limit) throws IOException {
        byte[] buffer = new byte[Math.min(limit, Math.max(body.available(), 256))];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                // Full: grow only if there is more (a body whose size was told up front fits exactly).
                int next = length == limit ? -1 : body.read();
                if (next < 0) {
                    break;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) length * 2, limit));
                buffer[length++] = (byte) next;
                continue;
            }
            int read = body.read(buffer, length, buffer.length - length);
            if (read < 0) {
                break;
            }
            length += read;
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }
}
