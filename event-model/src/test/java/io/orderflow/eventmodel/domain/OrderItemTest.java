package io.orderflow.eventmodel.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrderItemTest {

    @Test
    void lineTotalIsExactPriceTimesQuantity() {
        assertThat(new OrderItem("p", "n", new BigDecimal("19.99"), 3).lineTotal()).isEqualByComparingTo("59.97");
    }

    @Test
    void aNonPositiveQuantityIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new OrderItem("p", "n", BigDecimal.ONE, 0))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("quantity"));
    }
}
