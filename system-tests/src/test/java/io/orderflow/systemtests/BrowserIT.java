package io.orderflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.orderflow.systemtests.pipeline.Pipeline;
import io.orderflow.systemtests.process.ServiceJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6: Debian's Chromium, driven by playwright-core ({@code system-tests/browser}), places an
 * order through order-service's page and waits until its timeline shows it shipped, failing on
 * any console error. The screenshot lands in {@code system-tests/target/browser/}.
 */
class BrowserIT {

    private static final Path BROWSER_TEST = ServiceJar.repositoryRoot().resolve("system-tests/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private static Pipeline pipeline;

    @BeforeAll
    static void startThePipeline() {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no Chromium at " + CHROMIUM
                + " (apt-get install -y chromium, or set CHROMIUM); .ci/run installs it");
        assumeTrue(onPath("node") && onPath("npm"), "skipped: node and npm are needed to drive Chromium (apt-get install -y nodejs npm)");
        pipeline = Pipeline.builder(SystemTestLogs.of(BrowserIT.class))
                .env("ORDERFLOW_PAYMENT_DELAY", "300ms")
                .env("ORDERFLOW_SHIPPING_DELAY", "300ms")
                .start();
    }

    @AfterAll
    static void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void anOrderPlacedThroughThePageShowsShippedWithoutConsoleErrors() throws Exception {
        if (!Files.isDirectory(BROWSER_TEST.resolve("node_modules/playwright-core"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), "npm ci");
        }
        Path screenshot = ServiceJar.repositoryRoot().resolve("system-tests/target/browser/orderflow-page.png");
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        String output = run(List.of("node", "place-order.mjs", pipeline.orders().base().toString(), screenshot.toString()),
                "the browser test");

        assertThat(output).contains("PASSED").containsPattern("shipped: .*TRACK-[0-9A-F]{8}");
        assertThat(screenshot).exists().isNotEmptyFile();
    }

    private static String run(List<String> command, String what) throws IOException, InterruptedException {
        Path log = ServiceJar.repositoryRoot().resolve("system-tests/target/browser/" + command.get(0) + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).directory(BROWSER_TEST.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("%s finished within 4 minutes:%n%s", what, output).isTrue();
        assertThat(process.exitValue()).as("%s exit code:%n%s", what, output).isZero();
        return output;
    }

    private static boolean onPath(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }
}
