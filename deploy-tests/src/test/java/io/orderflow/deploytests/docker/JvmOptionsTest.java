package io.orderflow.deploytests.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.deploytests.support.RepositoryRoot;
import io.orderflow.deploytests.support.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The services run with the same JVM options wherever they run: the images, deploy/local/run.sh
 * and the system tests' processes (whose load driver measures the memory target with them).
 */
class JvmOptionsTest {

    @Test
    void theImagesTheLocalScriptAndTheSystemTestsUseTheSameJvmOptions() throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (String service : Services.ALL) {
            options.put(service + "/Dockerfile", quoted(service + "/Dockerfile", "(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$"));
        }
        options.put("deploy/local/run.sh", quoted("deploy/local/run.sh", "(?m)^SERVICE_JVM_OPTIONS=\"([^\"]*)\"$"));
        options.put("ServiceJvm.java", quoted("system-tests/src/main/java/io/orderflow/systemtests/process/ServiceJvm.java",
                "OPTIONS = \"([^\"]*)\";"));

        String first = options.values().iterator().next();
        assertThat(first).as("a heap limit, or the heap follows the machine's memory").contains("-Xmx");
        assertThat(options).allSatisfy((where, value) -> assertThat(value).as(where).isEqualTo(first));
    }

    @Test
    void theImagesPassTheOptionsThroughTheLauncherNotTheEntrypoint() throws IOException {
        for (String service : Services.ALL) {
            String entrypoint = Files.readAllLines(RepositoryRoot.resolve(service + "/Dockerfile")).stream()
                    .filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
            // Options on the command line would win over JDK_JAVA_OPTIONS and could not be replaced per deployment.
            assertThat(entrypoint).as(service).doesNotContain("-Xm", "-XX:");
        }
    }

    private static String quoted(String file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(RepositoryRoot.resolve(file)));
        assertThat(m.find()).as(file + " sets the JVM options (" + regex + ")").isTrue();
        return m.group(1);
    }
}
