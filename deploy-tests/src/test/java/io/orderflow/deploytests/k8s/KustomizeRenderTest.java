package io.orderflow.deploytests.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@code kubectl kustomize} renders every overlay, every object it renders parses strictly, and it
 * renders exactly what the test renderer does (so that the other checks, which use the test
 * renderer, hold for what kubectl applies). Skipped, with a message, where kubectl is absent.
 */
class KustomizeRenderTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    /** kubectl 1.21 and later embed kustomize v4 or v5, which know directories in resources and the replicas field. */
    static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.");

    static Optional<String> skipReason;

    @BeforeAll
    static void findKubectl() {
        Optional<String> version = Kustomize.kubectlVersion();
        if (version.isEmpty()) {
            skipReason = Optional.of("kubectl is not on the PATH");
        } else {
            Matcher kustomize = KUSTOMIZE_VERSION.matcher(version.get());
            skipReason = kustomize.find() && Integer.parseInt(kustomize.group(1)) >= 4 ? Optional.empty()
                    : Optional.of("kubectl (" + version.get() + ") embeds a kustomize older than v4");
        }
        skipReason.ifPresentOrElse(
                reason -> System.out.println("[deploy-tests] SKIPPED KustomizeRenderTest: " + reason
                        + ", so `kubectl kustomize` is not checked. The strict-parsing, consistency and pod security"
                        + " checks still run on the test renderer's output. Install kubectl 1.21 or newer to run it."),
                () -> System.out.println("[deploy-tests] " + version.get()));
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void kubectlRendersTheOverlayAsTheTestRendererDoes(String overlay) {
        assumeThat(skipReason).as("`kubectl kustomize` is not checked: " + skipReason.orElse("")).isEmpty();

        List<ObjectNode> byKubectl = Kustomize.documents(Kustomize.renderWithKubectl(overlay), "kubectl kustomize " + overlay);

        assertThat(byKubectl).as("objects rendered by kubectl").isNotEmpty();
        byKubectl.forEach(StrictModel::parse);
        assertThat(byId(byKubectl)).isEqualTo(byId(Kustomize.render(overlay)));
    }

    private static Map<String, ObjectNode> byId(List<ObjectNode> objects) {
        Map<String, ObjectNode> map = new TreeMap<>();
        objects.forEach(o -> map.put(Kustomize.id(o), o));
        return map;
    }
}
