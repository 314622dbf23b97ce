package dev.menagerie.training.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import dev.menagerie.training.Hyperparameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code bn_gamma} hyperparameter: every BatchNorm's scale starts at it; weights do not. */
class BatchNormGammaTest {
  @Test
  void initialize_shouldStartEveryGammaAtTheGivenValueAndLeaveWeightsRandom() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Architecture arch = InceptionV4.small(3);
      SequentialBlock net = DjlNetwork.build(arch);
      DjlNetwork.initialize(net, arch, manager, 0.2f);
      int gammas = 0;
      for (Pair<String, Parameter> p : net.getParameters()) {
        float[] values = p.getValue().getArray().toFloatArray();
        if (p.getValue().getType() == Parameter.Type.GAMMA) {
          gammas++;
          for (float v : values) {
            assertThat(v).as(p.getKey()).isEqualTo(0.2f);
          }
        } else if (p.getValue().getType() == Parameter.Type.WEIGHT) {
          assertThat(values).as(p.getKey()).isNotEqualTo(new float[values.length]);
        }
      }
      assertThat(gammas).isEqualTo(convBns(arch.layers())); // one per ConvBn of the topology
    }
  }

  @Test
  void defaultGamma_shouldBeOne() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Architecture arch = InceptionV4.small(3);
      SequentialBlock net = DjlNetwork.build(arch);
      DjlNetwork.initialize(net, arch, manager);
      for (Pair<String, Parameter> p : net.getParameters()) {
        if (p.getValue().getType() == Parameter.Type.GAMMA) {
          assertThat(p.getValue().getArray().toFloatArray()).containsOnly(1f);
        }
      }
    }
    assertThat(Hyperparameters.from(Map.of()).bnGamma()).isEqualTo(1f);
  }

  @Test
  void hyperparameter_shouldBeReadAndBounded() {
    assertThat(Hyperparameters.from(Map.of("bn_gamma", "0.2")).bnGamma()).isEqualTo(0.2f);
    assertThat(Hyperparameters.from(Map.of("bn_gamma", "0.2")).asMap())
        .containsEntry("bn_gamma", "0.2");
    assertThatThrownBy(() -> Hyperparameters.from(Map.of("bn_gamma", "0")))
        .hasMessageContaining("bn_gamma");
    assertThatThrownBy(() -> Hyperparameters.from(Map.of("bn_gamma", "11")))
        .hasMessageContaining("bn_gamma");
  }

  private static int convBns(Layer layer) {
    if (layer instanceof Layer.ConvBn) {
      return 1;
    } else if (layer instanceof Layer.Sequence s) {
      return s.layers().stream().mapToInt(BatchNormGammaTest::convBns).sum();
    } else if (layer instanceof Layer.Branches b) {
      return b.branches().stream().mapToInt(BatchNormGammaTest::convBns).sum();
    }
    return 0;
  }
}
