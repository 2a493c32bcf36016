package io.orderflow.deploytests.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every object of every overlay parses strictly with the fabric8 Kubernetes model. */
class StrictParsingTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everyRenderedObjectParsesStrictly(String overlay) {
        List<ObjectNode> rendered = Kustomize.render(overlay);

        List<HasMetadata> parsed = rendered.stream().map(StrictModel::parse).toList();

        assertThat(parsed).hasSameSizeAs(rendered);
        assertThat(parsed).allSatisfy(o -> {
            assertThat(o.getMetadata().getName()).isNotBlank();
            if (!"Namespace".equals(o.getKind())) {
                assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName()).isEqualTo("orderflow");
            }
        });
    }

    @Test
    void aMisspeltFieldIsAnError() {
        ObjectNode deployment = Kustomize.render("dev").stream()
                .filter(o -> "Deployment".equals(o.path("kind").asText())).findFirst().orElseThrow();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));

        assertThatThrownBy(() -> StrictModel.parse(deployment))
                .hasMessageContaining("containers[0].readinesProbe");
    }

    @Test
    void aValueOfTheWrongTypeIsAnError() {
        ObjectNode deployment = Kustomize.render("dev").stream()
                .filter(o -> "Deployment".equals(o.path("kind").asText())).findFirst().orElseThrow();
        deployment.withObjectProperty("spec").put("replicas", "two");

        assertThatThrownBy(() -> StrictModel.parse(deployment)).hasMessageContaining("does not parse as Deployment");
    }

    @Test
    void anUnknownKindIsAnError() {
        ObjectNode object = Kustomize.documents("apiVersion: v1\nkind: Pdo\nmetadata:\n  name: x\n", "test").get(0);

        assertThatThrownBy(() -> StrictModel.parse(object)).hasMessageContaining("unexpected apiVersion/kind v1/Pdo");
    }
}
