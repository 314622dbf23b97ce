package dev.menagerie.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.SequentialBlock;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.DjlNetwork;
import dev.menagerie.training.arch.Flops;
import dev.menagerie.training.arch.InceptionV4;
import dev.menagerie.training.arch.OnnxExport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The production network, full Inception V4 at 299 x 299, with random weights: built in DJL
 * (PyTorch), exported with the training job's own {@link OnnxExport}, so both engines run the same
 * weights.
 */
public final class FullModel implements AutoCloseable {
  public static final int CLASSES = 1000;
  public static final String VERSION = "bench-inception-v4-full";

  private final Architecture architecture;
  private final Model model;
  private final SequentialBlock network;
  private final byte[] onnx;

  private FullModel(Architecture architecture, Model model, SequentialBlock network, byte[] onnx) {
    this.architecture = architecture;
    this.model = model;
    this.network = network;
    this.onnx = onnx;
  }

  public static FullModel build() {
    Engine.getInstance().setRandomSeed(7);
    Architecture arch = InceptionV4.full(CLASSES);
    Model model = Model.newInstance(arch.name());
    SequentialBlock net = DjlNetwork.build(arch);
    model.setBlock(net);
    DjlNetwork.initialize(net, arch, model.getNDManager());
    byte[] onnx = OnnxExport.toBytes(arch, net);
    return new FullModel(arch, model, net, onnx);
  }

  public Architecture architecture() {
    return architecture;
  }

  public Model model() {
    return model;
  }

  public SequentialBlock network() {
    return network;
  }

  public byte[] onnx() {
    return onnx;
  }

  public int inputSize() {
    return architecture.inputSize();
  }

  /** The bundle a classify function serves: this graph, labels class-0..., a card. */
  public ModelBundle bundle() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < CLASSES; i++) {
      labels.add("class-" + i);
    }
    return new ModelBundle(
        onnx,
        labels,
        new ModelCard(
            VERSION,
            architecture.name(),
            new ModelCard.InputSize(inputSize(), inputSize()),
            null,
            "2026-11-29T00:00:00Z",
            Map.of(),
            Map.of("note", "random weights, for the performance suite")));
  }

  /** Floating-point operations of one forward pass of one image ({@link Flops}). */
  public long flopsPerImage() {
    return Flops.forwardFlops(architecture);
  }

  @Override
  public void close() {
    model.close();
  }
}
