package dev.menagerie.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.SequentialBlock;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.DjlNetwork;
import dev.menagerie.training.arch.InceptionV4;
import dev.menagerie.training.arch.Layer;
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

  /** Floating-point operations of one forward pass of one image (a multiply-add counts 2). */
  public long flopsPerImage() {
    return Flops.of(architecture.layers(), inputSize());
  }

  @Override
  public void close() {
    model.close();
  }

  /** Counts the FLOPs of a layer description by walking it with the tensor shape. */
  static final class Flops {
    private long flops;

    static long of(Layer.Sequence layers, int inputSize) {
      Flops f = new Flops();
      f.walk(layers, new int[] {3, inputSize, inputSize});
      return f.flops;
    }

    /** Returns the output shape {channels, height, width} (or {features, 1, 1}). */
    private int[] walk(Layer layer, int[] in) {
      if (layer instanceof Layer.Normalize) {
        flops += 2L * in[0] * in[1] * in[2];
        return in;
      } else if (layer instanceof Layer.ConvBn c) {
        int h = (in[1] + 2 * c.padH() - c.kernelH()) / c.stride() + 1;
        int w = (in[2] + 2 * c.padW() - c.kernelW()) / c.stride() + 1;
        flops += 2L * c.kernelH() * c.kernelW() * in[0] * c.channels() * h * w;
        return new int[] {c.channels(), h, w};
      } else if (layer instanceof Layer.MaxPool p) {
        return pooled(in, p.kernel(), p.stride(), p.pad());
      } else if (layer instanceof Layer.AvgPool p) {
        return pooled(in, p.kernel(), p.stride(), p.pad());
      } else if (layer instanceof Layer.Sequence s) {
        int[] out = in;
        for (Layer l : s.layers()) {
          out = walk(l, out);
        }
        return out;
      } else if (layer instanceof Layer.Branches b) {
        int channels = 0;
        int[] out = null;
        for (Layer l : b.branches()) {
          out = walk(l, in);
          channels += out[0];
        }
        return new int[] {channels, out[1], out[2]};
      } else if (layer instanceof Layer.GlobalAvgPool) {
        return new int[] {in[0], 1, 1};
      } else if (layer instanceof Layer.Dropout) {
        return in;
      } else if (layer instanceof Layer.Dense d) {
        flops += 2L * in[0] * in[1] * in[2] * d.units();
        return new int[] {d.units(), 1, 1};
      }
      throw new IllegalStateException("no FLOP count for " + layer);
    }

    private static int[] pooled(int[] in, int kernel, int stride, int pad) {
      int h = (in[1] + 2 * pad - kernel) / stride + 1;
      int w = (in[2] + 2 * pad - kernel) / stride + 1;
      return new int[] {in[0], h, w};
    }
  }
}
