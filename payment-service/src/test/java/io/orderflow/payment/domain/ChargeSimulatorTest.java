package io.orderflow.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.eventmodel.domain.PaymentStatus;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ChargeSimulatorTest {

    @Test
    void aTotalEndingInPoint13AlwaysFails() {
        ChargeSimulator alwaysSucceeds = new ChargeSimulator(1.0, 13, () -> 0.0);

        assertThat(alwaysSucceeds.charge(new BigDecimal("10.13"))).isEqualTo(PaymentStatus.FAILED);
        assertThat(alwaysSucceeds.charge(new BigDecimal("0.13"))).isEqualTo(PaymentStatus.FAILED);
        assertThat(alwaysSucceeds.charge(new BigDecimal("10.14"))).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(alwaysSucceeds.charge(new BigDecimal("13"))).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void otherTotalsSucceedWithTheConfiguredRate() {
        ChargeSimulator ninetyPercent = new ChargeSimulator(0.9, 13, () -> 0.89);
        ChargeSimulator unlucky = new ChargeSimulator(0.9, 13, () -> 0.9);

        assertThat(ninetyPercent.charge(BigDecimal.TEN)).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(unlucky.charge(BigDecimal.TEN)).isEqualTo(PaymentStatus.FAILED);
    }

    @Test
    void aRateOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new ChargeSimulator(1.5, 13, () -> 0)).hasMessageContaining("success-rate");
    }
}
