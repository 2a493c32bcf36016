package io.orderflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.systemtests.pipeline.Pipeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 4, system test 1: the three jars as processes on one Redis; 200 orders over REST. */
class PipelineAgreementIT {

    private static Pipeline pipeline;

    @BeforeAll
    static void startThePipeline() {
        pipeline = Pipeline.builder(SystemTestLogs.of(PipelineAgreementIT.class)).start();
    }

    @AfterAll
    static void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void twoHundredOrdersAllReachATerminalStatusAndTheThreeApisAgreeOnEveryOrder() throws InterruptedException {
        List<PlacedOrder> placed = OrderPlacement.to(pipeline.orders()).place(200);

        Map<String, JsonNode> orders = TerminalOrders.await(List.of(pipeline.orders()), placed, Duration.ofSeconds(90));

        TerminalOrders.assertEachAsExpected(orders, placed);
        assertThat(new ApiAgreement(pipeline.payments(), pipeline.shipping()).disagreements(orders.values()))
                .as("disagreements between order-, payment- and shipping-service").isEmpty();
        assertThat(pipeline.payments().all()).as("payments").hasSize(200);
        assertThat(pipeline.shipping().all()).as("shipments").hasSize((int) placed.stream().filter(p -> !p.declined()).count());
    }

    /** Issue 7, part 5: a packaged service (production profile) given no operations token keeps those endpoints off. */
    @Test
    void withoutATokenTheOperationsEndpointsAreOffInProduction() {
        for (var instance : pipeline.allInstances()) {
            assertThat(pipeline.http().get(instance.baseUri().resolve("/q/event-bus/queues")).status())
                    .as("GET /q/event-bus/queues on %s, no token configured", instance).isEqualTo(404);
        }
    }
}
