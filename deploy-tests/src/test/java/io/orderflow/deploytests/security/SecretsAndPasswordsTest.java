package io.orderflow.deploytests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.deploytests.support.ComposeFile;
import io.orderflow.deploytests.support.RepositoryRoot;
import io.orderflow.deploytests.support.Services;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, part 5, the parts a file can show: no secret is committed except the documented demo
 * password, the local run protects its Redis with a fresh random password, and no compose service
 * gets root back. (Compose and Kubernetes passwords: ComposeFileTest and KubernetesConsistencyTest;
 * non-root images and pods: DockerfileTest and RestrictedPodSecurityTest; the operations token on
 * running services: HostileRequestsIT and PipelineAgreementIT in system-tests. docs/reliability.md
 * lists them all.)
 */
class SecretsAndPasswordsTest {

    /** The one secret that may be committed: public, named as such, for the demo and the dev cluster only. */
    static final String DEMO_PASSWORD = "orderflow-demo-only";

    private static final Set<String> SCANNED_SUFFIXES = Set.of(".properties", ".yaml", ".yml", ".sh", ".env", ".md", ".json",
            ".js", ".mjs", ".conf", ".xml", ".toml", "Dockerfile", "run");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".mvn");
    /** {@code password: x}, {@code token=x}, {@code requirepass x}: a name that means secret, then a literal value on the same line. */
    private static final Pattern ASSIGNED_SECRET = Pattern.compile(
            "(?i)(?:password|passwd|secret|token|api[_-]?key)[\"']?[ \\t]*[:=][ \\t]*[\"']?([^\\s\"'`,;)}]{8,})"
                    + "|requirepass[ \\t]+[\"']?([^\\s\"'`]{8,})");
    private static final Pattern DEMO_ONLY = Pattern.compile("(?i)demo[ -]only");
    private static final Pattern KEY_MATERIAL = Pattern.compile(
            "-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[baprs]-[A-Za-z0-9-]{10,}");

    @Test
    void noSecretIsCommittedExceptTheDocumentedDemoPassword() throws IOException {
        List<String> findings = new ArrayList<>();
        for (Path file : scannedFiles()) {
            String text;
            try {
                text = Files.readString(file);
            } catch (MalformedInputException binary) {
                continue;
            }
            String name = RepositoryRoot.get().relativize(file).toString();
            Matcher key = KEY_MATERIAL.matcher(text);
            while (key.find()) {
                findings.add(name + ": key material " + key.group());
            }
            Matcher assigned = ASSIGNED_SECRET.matcher(text);
            while (assigned.find()) {
                String value = assigned.group(1) != null ? assigned.group(1) : assigned.group(2);
                if (!isReferenceOrPlaceholder(value) && !value.equals(DEMO_PASSWORD)) {
                    findings.add(name + ": " + assigned.group().strip());
                }
            }
        }
        assertThat(findings).as("literal secrets in committed files").isEmpty();
    }

    @Test
    void theDemoPasswordIsMarkedDemoOnlyWhereverItAppears() throws IOException {
        List<String> files = new ArrayList<>();
        for (Path file : scannedFiles()) {
            String text = Files.readString(file);
            if (text.contains(DEMO_PASSWORD)) {
                files.add(RepositoryRoot.get().relativize(file).toString());
                assertThat(text).as("%s holds the demo password", file).containsPattern(DEMO_ONLY);
            }
        }
        assertThat(files).as("files holding the demo password").contains(".env", "deploy/k8s/overlays/dev/redis-auth-secret.yaml");
    }

    @Test
    void theLocalRunProtectsItsRedisWithAFreshRandomPasswordAndGivesItToEveryService() throws IOException {
        String script = Files.readString(RepositoryRoot.resolve("deploy/local/run.sh"));

        assertThat(script).containsPattern("password=\\$\\(od [^)]*/dev/urandom")
                .contains("requirepass $password")
                .contains("bind 127.0.0.1")
                .contains("QUARKUS_REDIS_PASSWORD=\"$password\"");
        assertThat(script).as("the Redis config holding the password is written readable by its owner only").contains("umask 077");
    }

    @Test
    void noComposeServiceRunsAsRootOrPrivileged() {
        ComposeFile compose = ComposeFile.load();
        for (String service : Services.ALL) {
            Map<String, Object> definition = compose.service(service);
            assertThat(definition).as("%s in compose.yaml", service).doesNotContainKeys("user", "privileged", "cap_add");
        }
        assertThat(compose.service("redis")).as("redis in compose.yaml").doesNotContainKeys("privileged", "cap_add");
    }

    private static boolean isReferenceOrPlaceholder(String value) {
        // "${X:?message}" is a required-variable check, not a value.
        return value.startsWith("$") || value.startsWith("?") || value.startsWith("<") || value.startsWith("{") || value.startsWith("%")
                || value.startsWith("secretKeyRef") || value.matches("(?i)[a-z_.-]*(ref|name|file|path|header|key|env)\\b.*")
                || value.matches("[A-Z0-9_]+") || value.contains("REDACTED") || value.matches("(?i).*(example|changeme|xxx).*");
    }

    private static List<Path> scannedFiles() throws IOException {
        Path root = RepositoryRoot.get();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> root.relativize(path).getNameCount() == 1
                            || SKIPPED_DIRECTORIES.stream().noneMatch(skip -> root.relativize(path).toString().startsWith(skip + "/")
                                    || root.relativize(path).toString().contains("/" + skip + "/")))
                    .filter(path -> SCANNED_SUFFIXES.stream().anyMatch(suffix -> path.getFileName().toString().endsWith(suffix)))
                    .sorted().toList();
        }
    }
}
