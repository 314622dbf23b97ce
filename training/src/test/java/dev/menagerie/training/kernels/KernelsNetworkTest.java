package dev.menagerie.training.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.menagerie.training.ModelFiles;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.DjlNetwork;
import dev.menagerie.training.arch.InceptionV4;
import org.junit.jupiter.api.Test;

/** A network built for any kernels computes what the NCHW network computes, from the same bytes. */
class KernelsNetworkTest {

  @Test
  void weightsSavedFromNchw_shouldGiveTheSameLogitsOnEveryLayout() throws Exception {
    Architecture arch = InceptionV4.small(5);
    Engine.getInstance().setRandomSeed(5);
    try (Model model = Model.newInstance("k");
        NDManager manager = model.getNDManager().newSubManager()) {
      // GIVEN an initialised NCHW network and its saved weights
      SequentialBlock nchw = DjlNetwork.build(arch, Kernels.DEFAULT);
      DjlNetwork.initialize(nchw, arch, manager);
      byte[] weights = ModelFiles.weightsOf(nchw);
      NDArray x = manager.randomUniform(0, 255, DjlNetwork.inputShape(arch, 3));
      float[] expected = logits(nchw, manager, x);
      for (Kernels.Mode mode : Kernels.Mode.values()) {
        // WHEN the weights are loaded into the network built for each layout
        SequentialBlock other = DjlNetwork.build(arch, mode.at(Kernels.UNCAPPED));
        DjlNetwork.initialize(other, arch, manager);
        ModelFiles.loadWeights(other, manager, weights);
        // THEN it computes the same logits (inference mode) and saves the same bytes
        float[] actual = logits(other, manager, x);
        for (int i = 0; i < expected.length; i++) {
          assertThat(actual[i])
              .as(mode + " logit " + i)
              .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
        assertThat(ModelFiles.weightsOf(other)).as(mode.label()).isEqualTo(weights);
      }
    }
  }

  private static float[] logits(SequentialBlock network, NDManager manager, NDArray x) {
    return network
        .forward(new ParameterStore(manager, false), new NDList(x), false)
        .head()
        .toFloatArray();
  }
}
