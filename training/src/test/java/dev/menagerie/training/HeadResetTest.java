package dev.menagerie.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.DjlNetwork;
import dev.menagerie.training.arch.InceptionV4;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadResetTest {
  @TempDir Path dir;

  /** A previous model of 3 classes with non-trivial weights everywhere, saved as a model dir. */
  private ModelFiles previousModel(NDManager manager) throws Exception {
    Engine.getInstance().setRandomSeed(11);
    Architecture arch = InceptionV4.small(3);
    SequentialBlock net = DjlNetwork.build(arch);
    DjlNetwork.initialize(net, arch, manager);
    Random random = new Random(11);
    for (Pair<String, Parameter> p : net.getParameters()) {
      NDArray a = p.getValue().getArray();
      float[] v = new float[(int) a.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = 0.5f + random.nextFloat(); // distinguishable from any fresh initialisation
      }
      a.set(v);
    }
    ModelCard card =
        new ModelCard(
            "prev-0001",
            arch.name(),
            new ModelCard.InputSize(arch.inputSize(), arch.inputSize()),
            null,
            "2026-11-29T00:00:00Z",
            Map.of(),
            Map.of());
    Path modelDir = dir.resolve("prev");
    ModelFiles.write(modelDir, arch, net, List.of("cat", "dog", "owl"), card);
    return ModelFiles.read(modelDir);
  }

  private static List<Pair<String, Parameter>> parameters(SequentialBlock net) {
    List<Pair<String, Parameter>> list = new ArrayList<>();
    net.getParameters().forEach(list::add);
    return list;
  }

  @Test
  void warmStartWithMoreClasses_shouldCopyEveryNonHeadWeightExactlyAndSizeAFreshHead()
      throws Exception {
    try (Model model = Model.newInstance("t");
        NDManager manager = model.getNDManager().newSubManager()) {
      // GIVEN a saved 3-class model and a new label list of 5 classes, one of them renamed
      ModelFiles previous = previousModel(manager);
      SequentialBlock old = previous.network(manager);
      List<String> labels = List.of("cat", "doggo", "owl", "eel", "yak");
      // WHEN the head is reset
      Engine.getInstance().setRandomSeed(12);
      SequentialBlock reset =
          HeadReset.apply(previous, previous.architecture().withClasses(5), labels, manager);
      // THEN every non-head parameter equals the previous one bit for bit
      List<Pair<String, Parameter>> before = parameters(old);
      List<Pair<String, Parameter>> after = parameters(reset);
      assertThat(after).hasSameSizeAs(before);
      int headParams = DjlNetwork.head(reset).getParameters().size();
      for (int i = 0; i < after.size() - headParams; i++) {
        assertThat(after.get(i).getKey()).isEqualTo(before.get(i).getKey());
        assertThat(after.get(i).getValue().getArray().toByteArray())
            .as(after.get(i).getKey())
            .isEqualTo(before.get(i).getValue().getArray().toByteArray());
      }
      // AND the head has the new shape with fresh values, and everything is trainable
      Parameter weight = DjlNetwork.head(reset).getParameters().get("weight");
      Parameter oldWeight = DjlNetwork.head(old).getParameters().get("weight");
      assertThat(weight.getArray().getShape())
          .isEqualTo(new Shape(5, oldWeight.getArray().getShape().get(1)));
      float[] headValues = weight.getArray().toFloatArray();
      boolean freshValues = false;
      for (float v : headValues) {
        freshValues |= v < 0.5f; // the previous head was all in [0.5, 1.5)
      }
      assertThat(freshValues).as("head freshly initialised").isTrue();
      // (running statistics are not trained by gradients in any network)
      assertThat(after)
          .filteredOn(
              p -> !p.getKey().endsWith("runningMean") && !p.getKey().endsWith("runningVar"))
          .allMatch(p -> p.getValue().requiresGradient(), "trainable (not frozen)");
    }
  }

  @Test
  void warmStartWithSameClassCountButRemovedClass_shouldStillResetTheHead() throws Exception {
    try (Model model = Model.newInstance("t");
        NDManager manager = model.getNDManager().newSubManager()) {
      // GIVEN a saved model of cat/dog/owl and new labels where owl is gone and bat came in
      ModelFiles previous = previousModel(manager);
      float[] oldHead =
          DjlNetwork.head(previous.network(manager))
              .getParameters()
              .get("weight")
              .getArray()
              .toFloatArray();
      // WHEN the head is reset for the same number of classes
      SequentialBlock fresh =
          HeadReset.apply(
              previous,
              previous.architecture().withClasses(3),
              List.of("bat", "cat", "dog"),
              manager);
      // THEN the head is new (not the previous one) and has three rows
      NDArray head = DjlNetwork.head(fresh).getParameters().get("weight").getArray();
      assertThat(head.getShape().get(0)).isEqualTo(3);
      assertThat(head.toFloatArray()).isNotEqualTo(oldHead);
    }
  }

  @Test
  void warmStartOntoDifferentFeatures_shouldFailNamingBoth() throws Exception {
    try (Model model = Model.newInstance("t");
        NDManager manager = model.getNDManager().newSubManager()) {
      ModelFiles previous = previousModel(manager);
      Architecture wider =
          InceptionV4.builder().setClasses(4).optWidth(0.5f).optInputSize(75).build();
      assertThatThrownBy(
              () -> HeadReset.apply(previous, wider, List.of("a", "b", "c", "d"), manager))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("only the head may differ");
    }
  }
}
