package io.orderflow.bus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationsAccessTest {

    @Test
    void withoutATokenTheEndpointsAreOffInProduction() {
        OperationsAccess production = new OperationsAccess(true, Optional.empty(), false);

        assertThat(production.check(null)).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(404));
        assertThat(production.check("Bearer anything")).isPresent();
    }

    @Test
    void withoutATokenTheEndpointsAreOpenInDevAndTest() {
        assertThat(new OperationsAccess(true, Optional.empty(), true).check(null)).isEmpty();
    }

    @Test
    void aConfiguredTokenIsRequiredInEveryMode() {
        for (boolean devOrTest : new boolean[] {true, false}) {
            OperationsAccess access = new OperationsAccess(true, Optional.of("s3cret"), devOrTest);

            assertThat(access.check(null)).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(401));
            assertThat(access.check("Bearer wrong")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(401));
            assertThat(access.check("s3cret")).isPresent();
            assertThat(access.check("Bearer s3cret")).isEmpty();
        }
    }

    @Test
    void switchedOffMeansOffEvenWithTheToken() {
        assertThat(new OperationsAccess(false, Optional.of("s3cret"), true).check("Bearer s3cret")).isPresent();
    }
}
