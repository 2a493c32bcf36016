package io.orderflow.order.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import io.orderflow.harness.redis.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class EventStreamResourceTest {

    /** One SSE event as received: its id, its name and its data. */
    record Received(String id, String event, String data) {
    }

    @TestHTTPResource("/events/stream")
    URL stream;

    @Inject
    EventPublisher publisher;

    @Inject
    Queues queues;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void streamsEventsLiveFilteredByOrderAndType() throws Exception {
        List<Received> received = listen("?order_id=order-sse-1&type=PaymentProcessedEvent", null);

        publisher.publish(PaymentProcessedEvent.of("payment-a", "order-sse-other", BigDecimal.ONE, PaymentStatus.SUCCEEDED));
        publisher.publish(OrderShippedEvent.of("order-sse-1", "TRACK-0000ABCD", "UPS"));
        String wanted = publisher.publish(PaymentProcessedEvent.of("payment-b", "order-sse-1", BigDecimal.ONE,
                PaymentStatus.SUCCEEDED));

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        Thread.sleep(500);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).id()).isEqualTo(wanted);
        assertThat(received.get(0).event()).isEqualTo("PaymentProcessedEvent");
        assertThat(received.get(0).data()).contains("\"payment_id\":\"payment-b\"").doesNotContain("_metadata");
    }

    @Test
    void aClientResumingWithLastEventIdMissesNothing() throws Exception {
        String first = publisher.publish(OrderShippedEvent.of("order-sse-2", "TRACK-00000001", "UPS"));
        String second = publisher.publish(OrderShippedEvent.of("order-sse-2", "TRACK-00000002", "UPS"));
        String third = publisher.publish(OrderShippedEvent.of("order-sse-2", "TRACK-00000003", "UPS"));

        List<Received> received = listen("?order_id=order-sse-2", first);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
        assertThat(received).extracting(Received::id).containsExactly(second, third);
    }

    @Test
    void watchingNeverJoinsAConsumerGroup() throws Exception {
        listen("", null);
        publisher.publish(OrderShippedEvent.of("order-sse-3", "TRACK-00000003", "UPS"));

        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(queues.groups("events:all")).extracting(g -> g.get("name")).containsExactly("all-group");
    }

    @Test
    void badFiltersGetAJsonError() throws Exception {
        HttpResponse<String> unknownType = http.send(HttpRequest.newBuilder(URI.create(stream + "?type=Nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> badId = http.send(HttpRequest.newBuilder(URI.create(stream.toString()))
                .header("Last-Event-ID", "yesterday").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(unknownType.body()).contains("\"error\":\"invalid_request\"");
        assertThat(badId.statusCode()).isEqualTo(400);
    }

    /** Connects and collects SSE events in the background (the connection ends with the test JVM). */
    private List<Received> listen(String query, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stream + query)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<Received> received = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                StringBuilder data = new StringBuilder();
                for (String line; (line = lines.readLine()) != null;) {
                    if (line.isEmpty()) {
                        if (id != null) {
                            received.add(new Received(id, event, data.toString()));
                        }
                        id = null;
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (Exception ignored) {
                // The stream ends with the test.
            }
        });
        // The stream starts from "now" once connected; give the server a moment to take its cursor.
        Thread.sleep(300);
        return received;
    }
}
