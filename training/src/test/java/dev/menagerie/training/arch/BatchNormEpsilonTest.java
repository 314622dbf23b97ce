package dev.menagerie.training.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.training.Hyperparameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The BatchNorm epsilon is part of the architecture: the small configuration's is {@link
 * InceptionV4#SMALL_BATCH_NORM_EPSILON}, every ConvBn of its description carries it (the DJL blocks
 * and the ONNX export both read it there; {@code ParityTest} checks they agree), a model directory
 * written before the field existed reads as the usual 1e-3, and {@code bn_epsilon} overrides it.
 */
class BatchNormEpsilonTest {
  @Test
  void configurations_shouldCarryTheirEpsilonIntoEveryConvBn() {
    assertThat(InceptionV4.full(3).batchNormEpsilon()).isEqualTo(1e-3f);
    assertThat(InceptionV4.small(3).batchNormEpsilon()).isEqualTo(0.4f);
    List<Layer.ConvBn> convs = new ArrayList<>();
    collect(InceptionV4.small(3).layers(), convs);
    assertThat(convs).hasSizeGreaterThan(40);
    assertThat(convs).allSatisfy(c -> assertThat(c.epsilon()).isEqualTo(0.4f));
    List<Layer.ConvBn> full = new ArrayList<>();
    collect(InceptionV4.full(3).layers(), full);
    assertThat(full).allSatisfy(c -> assertThat(c.epsilon()).isEqualTo(1e-3f));
    // a new head keeps it; a different epsilon is different features (no warm start across)
    Architecture small = InceptionV4.small(3);
    assertThat(small.withClasses(5).batchNormEpsilon()).isEqualTo(0.4f);
    assertThat(small.sameFeaturesAs(small.withClasses(5))).isTrue();
    assertThat(small.sameFeaturesAs(small.withBatchNormEpsilon(1e-3f))).isFalse();
  }

  @Test
  void architectureJsonWithoutTheField_shouldReadAsTheUsualEpsilon() throws Exception {
    String old =
        "{\"name\":\"inception_v4_small\",\"family\":\"inception_v4\",\"width\":0.25,"
            + "\"inputSize\":75,\"classes\":4,\"dropout\":0.2}";
    Architecture read = new ObjectMapper().readValue(old, Architecture.class);
    assertThat(read.batchNormEpsilon()).isEqualTo(Layer.BATCH_NORM_EPSILON);
    Architecture now = InceptionV4.small(4);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readValue(json.writeValueAsString(now), Architecture.class)).isEqualTo(now);
  }

  @Test
  void hyperparameter_shouldOverrideTheConfigurationsEpsilon() {
    assertThat(Hyperparameters.from(Map.of()).architectureFor(3).batchNormEpsilon())
        .isEqualTo(0.4f);
    assertThat(
            Hyperparameters.from(Map.of("bn_epsilon", "0.001"))
                .architectureFor(3)
                .batchNormEpsilon())
        .isEqualTo(1e-3f);
    assertThat(
            Hyperparameters.from(Map.of("config", "inception_v4"))
                .architectureFor(3)
                .batchNormEpsilon())
        .isEqualTo(1e-3f);
    assertThatThrownBy(() -> Hyperparameters.from(Map.of("bn_epsilon", "-1")))
        .hasMessageContaining("bn_epsilon");
  }

  private static void collect(Layer layer, List<Layer.ConvBn> out) {
    if (layer instanceof Layer.ConvBn c) {
      out.add(c);
    } else if (layer instanceof Layer.Sequence s) {
      s.layers().forEach(l -> collect(l, out));
    } else if (layer instanceof Layer.Branches b) {
      b.branches().forEach(l -> collect(l, out));
    }
  }
}
