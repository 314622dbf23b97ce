package dev.menagerie.training.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.training.Hyperparameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How many Inception-A, -B and -C blocks a network stacks is part of its architecture: the full
 * configuration has the paper's 4, 7 and 3, the small one fewer; {@code blocks} overrides them, a
 * model directory written before the field reads as the paper's, and networks of different depths
 * are different features (no warm start across).
 */
class BlocksTest {
  @Test
  void configurations_shouldStackTheirBlockCounts() {
    assertThat(InceptionV4.full(3).blocks()).isEqualTo(Architecture.Blocks.PAPER);
    assertThat(blockNames(InceptionV4.full(3))).containsExactly(4, 7, 3);
    Architecture small = InceptionV4.small(3);
    assertThat(blockNames(small))
        .containsExactly(small.blocks().a(), small.blocks().b(), small.blocks().c());
    assertThat(blockNames(small.withBlocks(new Architecture.Blocks(2, 3, 1))))
        .containsExactly(2, 3, 1);
    assertThat(small.sameFeaturesAs(small.withClasses(5))).isTrue();
    assertThat(small.sameFeaturesAs(small.withBlocks(Architecture.Blocks.PAPER))).isFalse();
  }

  @Test
  void architectureJsonWithoutTheField_shouldReadAsThePapersBlocks() throws Exception {
    String old =
        "{\"name\":\"inception_v4_small\",\"family\":\"inception_v4\",\"width\":0.25,"
            + "\"inputSize\":75,\"classes\":4,\"dropout\":0.2,\"batchNormEpsilon\":0.4}";
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readValue(old, Architecture.class).blocks())
        .isEqualTo(Architecture.Blocks.PAPER);
    Architecture now = InceptionV4.small(4).withBlocks(new Architecture.Blocks(1, 3, 2));
    String written = json.writeValueAsString(now);
    assertThat(written).contains("\"blocks\":{\"a\":1,\"b\":3,\"c\":2}");
    assertThat(json.readValue(written, Architecture.class)).isEqualTo(now);
  }

  @Test
  void hyperparameter_shouldOverrideTheConfigurationsBlocks() {
    assertThat(Hyperparameters.from(Map.of("blocks", " 2, 3,1")).architectureFor(3).blocks())
        .isEqualTo(new Architecture.Blocks(2, 3, 1));
    assertThat(
            Hyperparameters.from(Map.of("config", "inception_v4", "blocks", ""))
                .architectureFor(3)
                .blocks())
        .isEqualTo(Architecture.Blocks.PAPER);
    assertThatThrownBy(() -> Hyperparameters.from(Map.of("blocks", "1,2")))
        .hasMessageContaining("blocks must be three counts");
    assertThatThrownBy(() -> Hyperparameters.from(Map.of("blocks", "1,0,1")))
        .hasMessageContaining("within 1..16");
    assertThatThrownBy(() -> Hyperparameters.from(Map.of("blocks", "a,b,c")))
        .hasMessageContaining("blocks must be three counts");
  }

  /** How many blocks named inception_a*, inception_b*, inception_c* the description stacks. */
  private static java.util.List<Integer> blockNames(Architecture architecture) {
    int[] counts = new int[3];
    for (Layer layer : architecture.layers().layers()) {
      if (layer instanceof Layer.Branches b && b.name().startsWith("inception_")) {
        counts[b.name().charAt("inception_".length()) - 'a']++;
      }
    }
    return java.util.List.of(counts[0], counts[1], counts[2]);
  }
}
