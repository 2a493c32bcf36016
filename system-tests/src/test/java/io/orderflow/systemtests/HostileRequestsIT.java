package io.orderflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.systemtests.api.JsonHttp;
import io.orderflow.systemtests.pipeline.Pipeline;
import io.orderflow.systemtests.pipeline.Service;
import io.orderflow.systemtests.process.ServiceProcess;
import io.orderflow.harness.redis.RespConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, hostile HTTP: at least 500 generated malformed or oversized requests against each
 * service (random JSON, deep nesting, huge numbers, wrong content types, long strings, bytes that
 * are not UTF-8, odd methods, paths and queries). No answer is a 5xx, nothing changes in Redis's
 * business data, and every service is still ready afterwards.
 */
class HostileRequestsIT {

    private static final int REQUESTS_PER_SERVICE = 520;
    private static final long SEED = 20261123L;
    private static final String OPERATIONS_TOKEN = randomHex(16);

    private static Pipeline pipeline;

    @BeforeAll
    static void startThePipeline() {
        pipeline = Pipeline.builder(SystemTestLogs.of(HostileRequestsIT.class))
                .env("ORDERFLOW_BUS_OPERATIONS_TOKEN", OPERATIONS_TOKEN).start();
    }

    @AfterAll
    static void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void noHostileRequestGetsA5xxOrChangesStateAndEveryServiceStaysReady() {
        long[] before = state();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Service service : Service.values()) {
            ServiceProcess instance = pipeline.instance(service, 0);
            String collection = switch (service) {
                case ORDER -> "/orders";
                case PAYMENT -> "/payments";
                case SHIPPING -> "/shipments";
            };
            for (MalformedRequest request : new HostileRequests(SEED + service.ordinal(), collection).generate(REQUESTS_PER_SERVICE)) {
                JsonHttp.Reply reply = pipeline.http().send(request.toRequest(pipeline.http(), instance.baseUri()));
                sent++;
                if (reply.status() >= 500 || reply.status() == 201) {
                    failures.add(service + " " + request + " (" + request.method() + " " + abbreviate(request.path()) + "): "
                            + reply.status() + " " + abbreviate(reply.body()));
                }
            }
        }

        assertThat(sent).isGreaterThanOrEqualTo(3 * 500);
        assertThat(failures).as("answers that were 5xx or created something").isEmpty();
        assertThat(state()).as("orders, payments, shipments, events published").containsExactly(before);
        for (ServiceProcess instance : pipeline.allInstances()) {
            JsonHttp.Reply ready = pipeline.http().get(URI.create(instance.baseUri() + "/q/health/ready"));
            assertThat(ready.status()).as("%s ready after the barrage", instance).isEqualTo(200);
        }
    }

    /** Issue 7, part 5: the bus's operations endpoints of a packaged service refuse every call without the token. */
    @Test
    void theOperationsEndpointsRefuseEveryCallWithoutTheConfiguredToken() {
        List<String> refusals = List.of("", "Bearer", "Bearer ", "Bearer wrong-" + OPERATIONS_TOKEN, "Basic " + OPERATIONS_TOKEN,
                "bearer" + OPERATIONS_TOKEN, "Bearer " + OPERATIONS_TOKEN + "x", "Bearer " + OPERATIONS_TOKEN.substring(1));
        long[] before = state();
        for (ServiceProcess instance : pipeline.allInstances()) {
            for (String authorization : refusals) {
                for (String[] call : List.of(new String[] {"GET", "/q/event-bus/queues"},
                        new String[] {"GET", "/q/event-bus/queues/all/dlq"},
                        new String[] {"POST", "/q/event-bus/queues/all/dlq/requeue"},
                        new String[] {"DELETE", "/q/event-bus/queues/all/dlq/0-1"})) {
                    HttpRequest.Builder request = pipeline.http().request(instance.baseUri().resolve(call[1]))
                            .method(call[0], HttpRequest.BodyPublishers.noBody());
                    if (!authorization.isEmpty()) {
                        request.header("Authorization", authorization);
                    }
                    assertThat(pipeline.http().send(request.build()).status())
                            .as("%s %s on %s with Authorization '%s'", call[0], call[1], instance, authorization).isEqualTo(401);
                }
            }
            JsonHttp.Reply allowed = pipeline.http().send(pipeline.http().request(instance.baseUri().resolve("/q/event-bus/queues"))
                    .header("Authorization", "Bearer " + OPERATIONS_TOKEN).GET().build());
            assertThat(allowed.status()).as("GET /q/event-bus/queues on %s with the token", instance).isEqualTo(200);
        }
        assertThat(state()).as("orders, payments, shipments, events published").containsExactly(before);
    }

    private static String randomHex(int bytes) {
        byte[] token = new byte[bytes];
        new SecureRandom().nextBytes(token);
        return HexFormat.of().formatHex(token);
    }

    private static long[] state() {
        try (RespConnection redis = pipeline.openRedis()) {
            return new long[] {
                redis.callForLong("ZCARD", "orders:index:all"),
                redis.callForLong("ZCARD", "payments:index:all"),
                redis.callForLong("ZCARD", "shipments:index:all"),
                redis.callForLong("XLEN", "events:all")};
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
}
