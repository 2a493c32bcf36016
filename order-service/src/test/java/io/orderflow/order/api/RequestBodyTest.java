package io.orderflow.order.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.httpapi.ApiException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodyTest {

    private static final int LIMIT = 1_000;

    @ParameterizedTest
    @ValueSource(ints = {1, 255, 256, 257, 511, 512, 513, 999, 1_000})
    void aBodyUpToTheLimitIsReadWholeWhetherItsSizeIsKnownOrItTricklesIn(int size) {
        // Two-byte characters, so that a read may end inside one; size is the length in bytes.
        String text = "é".repeat(size / 2) + "x".repeat(size % 2);
        assertThat(RequestBody.read(known(text), LIMIT)).isEqualTo(text);
        assertThat(RequestBody.read(trickling(text), LIMIT)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {1_001, 1_002, 5_000})
    void aBodyOverTheLimitIsRefusedWhetherItsSizeIsKnownOrItTricklesIn(int size) {
        String text = "x".repeat(size);
        assertThatThrownBy(() -> RequestBody.read(known(text), LIMIT)).isInstanceOf(ApiException.class)
                .hasMessageContaining("larger than 1000 bytes");
        assertThatThrownBy(() -> RequestBody.read(trickling(text), LIMIT)).isInstanceOf(ApiException.class)
                .hasMessageContaining("larger than 1000 bytes");
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertThatThrownBy(() -> RequestBody.read(known(""), LIMIT)).hasMessageContaining("body is empty");
        assertThatThrownBy(() -> RequestBody.read(null, LIMIT)).hasMessageContaining("body is empty");
    }

    private static InputStream known(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A stream that does not know its size and hands out at most 7 bytes per read. */
    private static InputStream trickling(String text) {
        return new FilterInputStream(known(text)) {
            @Override
            public int available() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
    }
}
