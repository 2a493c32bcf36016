package io.orderflow.deploytests.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.deploytests.support.Processes;
import io.orderflow.deploytests.support.RepositoryRoot;
import io.orderflow.deploytests.support.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo as a newcomer runs it, end to end: {@code docker compose up --build --wait} on the
 * repository's compose.yaml, orders placed through the published port reach a terminal state, a
 * {@code docker compose restart payment-service} in the middle of a run loses nothing, and
 * {@code docker compose down -v} removes it all.
 *
 * <p>Runs in {@code ./mvnw verify} where Docker (with Compose v2) answers; skipped with a message
 * otherwise, or with {@code -Dorderflow.compose-test.skip=true} or {@code -DskipITs}. It uses its own
 * compose project, free host ports and its own image tag, so that it never disturbs a demo running on
 * 8081-8083 nor another run of itself. Output goes to {@code deploy-tests/target/compose-it/}.
 */
class ComposeSystemIT {

    /** Time for the image build (cold: Maven downloads everything) and the start. */
    static final Duration UP_TIMEOUT = Duration.ofMinutes(11);
    static final Duration TERMINAL_TIMEOUT = Duration.ofMinutes(3);
    static final Set<String> TERMINAL = Set.of("shipped", "payment_failed");
    /** A log line of level WARN or above in Quarkus's default console format. */
    static final Pattern WARN_OR_ERROR = Pattern.compile("^\\S+ \\S+ (WARN|ERROR|FATAL) ");

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static String project;
    static String token;
    static Map<String, Integer> ports = new LinkedHashMap<>();
    static Map<String, String> environment = new LinkedHashMap<>();
    static Path output;
    static boolean started;

    @BeforeAll
    static void up() throws IOException {
        skipWithoutDocker();
        String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        project = "orderflow-it-" + suffix;
        token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        for (String service : Services.ALL) {
            ports.put(service, freePort());
        }
        environment.put("ORDER_SERVICE_PORT", String.valueOf(ports.get("order-service")));
        environment.put("PAYMENT_SERVICE_PORT", String.valueOf(ports.get("payment-service")));
        environment.put("SHIPPING_SERVICE_PORT", String.valueOf(ports.get("shipping-service")));
        environment.put("ORDERFLOW_IMAGE_TAG", project);
        environment.put("ORDERFLOW_BUS_OPERATIONS_TOKEN", token);
        output = Path.of("target", "compose-it");
        Files.createDirectories(output);
        log("project " + project + ", host ports " + ports + ", output in " + output.toAbsolutePath());

        Instant start = Instant.now();
        started = true;
        Processes.Result up = compose(UP_TIMEOUT, "up", "--build", "--wait", "--wait-timeout", "300");
        log("docker compose up --build --wait took " + Duration.between(start, Instant.now()).toSeconds() + " s");
        if (!up.ok()) {
            saveLogs();
            fail("docker compose up --build --wait failed (exit " + up.exitCode() + "); logs in " + output.toAbsolutePath()
                    + ":\n" + tail(up.output(), 60));
        }
    }

    @AfterAll
    static void down() {
        if (!started) {
            return;
        }
        saveLogs();
        Processes.Result down = compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");
        log("docker compose down -v: exit " + down.exitCode());
        for (String service : Services.ALL) {
            // Only this run's tag: the layers stay in the build cache for the next run.
            Processes.run(Duration.ofMinutes(1),
                    List.of("docker", "image", "rm", Services.imageRepository(service) + ":" + project));
        }
        assertThat(down.ok()).as("docker compose down -v:\n" + down.output()).isTrue();
    }

    @Test
    void ordersReachTerminalStatesAndARestartOfPaymentServiceLosesNothing() throws Exception {
        // No warning nor error while starting: what a newcomer sees first.
        String startupLogs = compose(Duration.ofMinutes(1), "logs", "--no-color", "--no-log-prefix",
                "order-service", "payment-service", "shipping-service").orThrow().output();
        assertThat(startupLogs.lines().filter(l -> WARN_OR_ERROR.matcher(l).find()).toList())
                .as("WARN/ERROR lines in the services' start-up logs").isEmpty();
        assertThat(startupLogs).contains("order-service", "payment-service", "shipping-service");
        // The probe paths the Kubernetes manifests use answer on every service.
        for (String service : Services.ALL) {
            for (String probe : List.of("/q/health/started", "/q/health/live", "/q/health/ready")) {
                assertThat(status(get(service, probe))).as(service + " " + probe).isEqualTo(200);
            }
        }

        List<String> orders = new ArrayList<>();
        String declined = placeOrder("5.13");          // totals ending in .13 are always declined
        orders.add(declined);
        for (int i = 0; i < 9; i++) {
            orders.add(placeOrder("19.99"));
        }

        log("restarting payment-service with orders in flight");
        CompletableFuture<Processes.Result> restart = CompletableFuture.supplyAsync(
                () -> compose(Duration.ofMinutes(3), "restart", "payment-service"));
        for (int i = 0; i < 10; i++) {
            orders.add(placeOrder(i + ".50"));
            Thread.sleep(300);
        }
        Processes.Result restarted = restart.get();
        assertThat(restarted.ok()).as("docker compose restart payment-service:\n" + restarted.output()).isTrue();
        await("payment-service ready again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> status(get("payment-service", "/q/health/ready")) == 200);
        for (int i = 0; i < 5; i++) {
            orders.add(placeOrder("7.25"));
        }

        log("waiting for " + orders.size() + " orders to reach a terminal state");
        await("every order shipped or payment_failed").atMost(TERMINAL_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(orders).allSatisfy(id ->
                        assertThat(order(id).path("status").asText()).as(id).isIn(TERMINAL)));

        assertThat(order(declined).path("status").asText()).isEqualTo("payment_failed");
        for (String id : orders) {
            JsonNode order = order(id);
            JsonNode payments = json(get("payment-service", "/payments?order_id=" + id));
            assertThat(payments.path("payments")).as("payments of " + id).hasSize(1);
            assertThat(payments.path("payments").get(0).path("payment_id").asText()).isEqualTo(order.path("payment_id").asText());
            HttpResponse<String> shipment = get("shipping-service", "/shipments/" + id);
            if ("shipped".equals(order.path("status").asText())) {
                assertThat(order.path("tracking_number").asText()).matches("TRACK-[0-9A-F]{8}");
                assertThat(shipment.statusCode()).as("shipment of " + id).isEqualTo(200);
                assertThat(json(shipment).path("tracking_number").asText()).isEqualTo(order.path("tracking_number").asText());
            } else {
                assertThat(shipment.statusCode()).as("no shipment for the failed payment of " + id).isEqualTo(404);
            }
        }

        // Nothing dead-lettered, nothing left pending anywhere.
        await("all queues drained").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode queues = json(send("order-service", HttpRequest.newBuilder()
                    .uri(uri("order-service", "/q/event-bus/queues")).header("Authorization", "Bearer " + token).GET()));
            assertThat(queues.path("queues")).isNotEmpty().allSatisfy(q -> {
                if (q.path("is_dlq").asBoolean()) {
                    assertThat(q.path("message_count").asLong()).as("entries in " + q.path("name").asText()).isZero();
                }
                assertThat(q.path("pending_messages").asLong()).as("pending in " + q.path("name").asText()).isZero();
            });
        });
        log(orders.size() + " orders: " + orders.stream().map(id -> order(id).path("status").asText())
                .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting())));
    }

    // ---- Docker ----

    static void skipWithoutDocker() {
        if (Boolean.getBoolean("orderflow.compose-test.skip")) {
            skip("-Dorderflow.compose-test.skip=true");
        }
        if (!Processes.onPath("docker")) {
            skip("docker is not on the PATH (CI starts an engine with ../shared/tools/offline-docker/up)");
        }
        Processes.Result info = Processes.run(Duration.ofSeconds(30), List.of("docker", "info", "--format", "{{.ServerVersion}}"));
        if (!info.ok()) {
            skip("the Docker engine does not answer (`docker info`: " + tail(info.output(), 3).strip() + ")");
        }
        Processes.Result compose = Processes.run(Duration.ofSeconds(30), List.of("docker", "compose", "version", "--short"));
        if (!compose.ok()) {
            skip("Docker Compose v2 is missing (`docker compose version` failed)");
        }
        log("Docker engine " + info.output().strip() + ", Compose " + compose.output().strip());
    }

    static void skip(String reason) {
        String message = "compose system test skipped: " + reason;
        System.out.println("[deploy-tests] SKIPPED ComposeSystemIT: " + reason);
        Assumptions.abort(message);
    }

    static Processes.Result compose(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker", "compose", "--project-name", project,
                "--file", RepositoryRoot.resolve("compose.yaml").toString(), "--progress", "plain"));
        command.addAll(List.of(arguments));
        Path logFile = output.resolve("compose-" + arguments[0] + ".log");
        return Processes.run(timeout, command, environment, RepositoryRoot.get(), line -> append(logFile, line));
    }

    static void saveLogs() {
        Processes.Result logs = compose(Duration.ofMinutes(1), "logs", "--no-color", "--timestamps");
        try {
            Files.writeString(output.resolve("services.log"), logs.output());
        } catch (IOException e) {
            log("cannot save the logs: " + e);
        }
    }

    // ---- HTTP ----

    static String placeOrder(String price) {
        String body = """
                {"user_id":"compose-it","items":[{"product_id":"prod-1","name":"Product 1","price":%s,"quantity":1}]}
                """.formatted(price);
        HttpResponse<String> response = send("order-service", HttpRequest.newBuilder().uri(uri("order-service", "/orders"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as("POST /orders: " + response.body()).isEqualTo(201);
        return json(response).path("order_id").asText();
    }

    static JsonNode order(String id) {
        HttpResponse<String> response = get("order-service", "/orders/" + id);
        assertThat(response.statusCode()).as("GET /orders/" + id).isEqualTo(200);
        return json(response);
    }

    static HttpResponse<String> get(String service, String path) {
        return send(service, HttpRequest.newBuilder().uri(uri(service, path)).GET());
    }

    static int status(HttpResponse<String> response) {
        return response.statusCode();
    }

    static HttpResponse<String> send(String service, HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(service + " does not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI uri(String service, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(service) + path);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    // ---- helpers ----

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    static void log(String message) {
        System.out.println("[compose-it] " + message);
    }
}
