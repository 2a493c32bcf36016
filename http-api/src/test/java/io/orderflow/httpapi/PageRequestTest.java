package io.orderflow.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        assertThat(PageRequest.of(null, " ", 50, 500)).isEqualTo(new PageRequest(50, 0));
    }

    @Test
    void theNextCursorIsTheOffsetOfTheFollowingPage() {
        PageRequest page = PageRequest.of("20", "40", 50, 500);

        assertThat(page.nextCursor(true)).isEqualTo("60");
        assertThat(page.nextCursor(false)).isNull();
    }

    @Test
    void badValuesAreRefusedWithTheParameterNamed() {
        assertThatThrownBy(() -> PageRequest.of("0", null, 50, 500)).isInstanceOf(ApiException.class)
                .hasMessageContaining("'limit' must be between 1 and 500");
        assertThatThrownBy(() -> PageRequest.of("ten", null, 50, 500)).hasMessageContaining("'limit' must be a whole number");
        assertThatThrownBy(() -> PageRequest.of(null, "-1", 50, 500)).hasMessageContaining("'cursor'");
        assertThatThrownBy(() -> PageRequest.of("99999999999", null, 50, 500)).hasMessageContaining("'limit'");
    }
}
