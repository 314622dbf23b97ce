package dev.menagerie.training.kernels;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.DjlNetwork;
import dev.menagerie.training.arch.InceptionV4;
import dev.menagerie.training.arch.MatmulConv2d;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The kernel check, run in a child JVM by {@link KernelSelection} (a broken kernel can crash the
 * JVM: a SIGFPE in oneDNN's 1 × 1 blocking was seen). For each layout in the order given, it
 * computes every distinct convolution of the network (input shape, filters, kernel, stride,
 * padding, at the training batch size) forward, input gradient and weight gradient in float32 the
 * way the network will, and compares them with a float64 run (PyTorch's float64 convolutions do not
 * use oneDNN). A layout whose every convolution passes is then timed over whole-network training
 * steps. One line per result on stdout, flushed as it goes, so the parent still learns what passed
 * before a crash:
 *
 * <pre>
 * conv MODE CIN,H,W,COUT,KH,KW,STRIDE,PH,PW fwd E dgrad E wgrad E ok|BAD
 * mode MODE pass STEP_MS | mode MODE fail FIRST_BAD_CONV
 * </pre>
 *
 * <p>Arguments: {@code WIDTH INPUT_SIZE BATCH MODE...} (modes as {@link Kernels.Mode#label}).
 */
public final class KernelCheck {
  /** Largest error allowed, relative to the largest reference value (float32 vs float64). */
  static final double TOLERANCE = 1e-4;

  /** The protocol's prefix for a layout's verdict. */
  static final String MODE_LINE = "mode ";

  private KernelCheck() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: KernelCheck WIDTH INPUT_SIZE BATCH MODE...");
      System.exit(2);
    }
    Architecture architecture =
        InceptionV4.builder()
            .setClasses(2)
            .optName("kernel-check")
            .optWidth(Float.parseFloat(args[0]))
            .optInputSize(Integer.parseInt(args[1]))
            .build();
    int batch = Integer.parseInt(args[2]);
    List<Kernels.Mode> modes = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      modes.add(Kernels.Mode.ofLabel(args[i]));
    }
    run(architecture, batch, modes, System.out);
    System.exit(0);
  }

  static void run(Architecture architecture, int batch, List<Kernels.Mode> modes, PrintStream out) {
    Engine engine = Engine.getInstance();
    try (NDManager manager = NDManager.newBaseManager()) {
      List<int[]> convs = distinctConvolutions(architecture, manager);
      for (Kernels.Mode mode : modes) {
        String firstBad = null;
        for (int[] conv : convs) {
          engine.setRandomSeed(11);
          double[] errors = check(manager, conv, batch, mode);
          boolean ok = errors[0] <= TOLERANCE && errors[1] <= TOLERANCE && errors[2] <= TOLERANCE;
          String name = join(conv);
          out.printf(
              Locale.ROOT,
              "conv %s %s fwd %.1e dgrad %.1e wgrad %.1e %s%n",
              mode.label(),
              name,
              errors[0],
              errors[1],
              errors[2],
              ok ? "ok" : "BAD");
          out.flush();
          if (!ok && firstBad == null) {
            firstBad = name;
          }
        }
        if (firstBad != null) {
          out.println(MODE_LINE + mode.label() + " fail " + firstBad);
        } else {
          double millis = stepMillis(architecture, mode.at(Kernels.processIsa()), batch, manager);
          out.printf(Locale.ROOT, "%s%s pass %.1f%n", MODE_LINE, mode.label(), millis);
        }
        out.flush();
      }
    }
  }

  /** Every distinct (CIN, H, W, COUT, KH, KW, STRIDE, PH, PW) of the network, in order of use. */
  static List<int[]> distinctConvolutions(Architecture architecture, NDManager manager) {
    SequentialBlock network = DjlNetwork.build(architecture);
    network.initialize(manager, DataType.FLOAT32, DjlNetwork.inputShape(architecture, 1));
    Set<String> seen = new LinkedHashSet<>();
    collect(network, seen);
    List<int[]> convs = new ArrayList<>();
    for (String s : seen) {
      String[] parts = s.split(",");
      int[] c = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        c[i] = Integer.parseInt(parts[i]);
      }
      convs.add(c);
    }
    return convs;
  }

  private static void collect(Block block, Set<String> out) {
    if (block instanceof Convolution c) {
      Shape in = block.getInputShapes()[0];
      out.add(
          join(
              new int[] {
                (int) in.get(1),
                (int) in.get(2),
                (int) in.get(3),
                c.getFilters(),
                (int) c.getKernelShape().get(0),
                (int) c.getKernelShape().get(1),
                (int) c.getStride().get(0),
                (int) c.getPadding().get(0),
                (int) c.getPadding().get(1)
              }));
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collect(child.getValue(), out);
    }
  }

  /** Relative errors of forward, input gradient and weight gradient under {@code mode}. */
  private static double[] check(NDManager parent, int[] c, int batch, Kernels.Mode mode) {
    try (NDManager m = parent.newSubManager()) {
      Shape stride = new Shape(c[6], c[6]);
      Shape pad = new Shape(c[7], c[8]);
      Shape one = new Shape(1, 1);
      NDArray x = m.randomUniform(-1, 1, new Shape(batch, c[0], c[1], c[2]));
      NDArray w = m.randomUniform(-1, 1, new Shape(c[3], c[0], c[4], c[5]));
      NDArray x64 = x.toType(DataType.FLOAT64, true);
      NDArray w64 = w.toType(DataType.FLOAT64, true);
      for (NDArray a : new NDArray[] {x, w, x64, w64}) {
        a.setRequiresGradient(true);
      }
      Engine engine = Engine.getInstance();
      NDArray y64;
      NDArray r;
      try (GradientCollector g = engine.newGradientCollector()) {
        y64 = Conv2d.conv2d(x64, w64, null, stride, pad, one, 1).head();
        r = m.randomUniform(-1, 1, y64.getShape());
        g.backward(y64.mul(r.toType(DataType.FLOAT64, false)).sum());
      }
      NDArray y;
      try (GradientCollector g = engine.newGradientCollector()) {
        NDArray input = mode.channelsLast ? DjlNetwork.toChannelsLast(x) : x;
        boolean matmul =
            mode.matmul1x1 && c[4] == 1 && c[5] == 1 && c[6] == 1 && c[7] == 0 && c[8] == 0;
        y =
            matmul
                ? MatmulConv2d.multiply(input, w)
                : Conv2d.conv2d(input, w, null, stride, pad, one, 1).head();
        g.backward(y.mul(r).sum());
      }
      return new double[] {
        relativeError(y, y64),
        relativeError(x.getGradient(), x64.getGradient()),
        relativeError(w.getGradient(), w64.getGradient())
      };
    }
  }

  private static double relativeError(NDArray value, NDArray reference) {
    double scale = Math.max(1e-12, reference.abs().max().getDouble());
    double error = value.toType(DataType.FLOAT64, false).sub(reference).abs().max().getDouble();
    return Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / scale;
  }

  /**
   * The fastest of a few whole-network training steps (forward and backward) on {@code kernels}, on
   * one thread: with two threads on cores that other work shares, each of a step's many parallel
   * regions waits for a descheduled partner, steps ran 10–25 times slower and the slowest layout
   * won (NCHW at 2,298 ms/step against 4,233 for channels-last, seen at load average 12). One
   * thread only loses its share of the cores, so the ranking holds. The correctness checks above
   * run at the job's own thread count (it changes oneDNN's blocking).
   */
  private static double stepMillis(
      Architecture architecture, Kernels kernels, int batch, NDManager parent) {
    int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
    ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
    try {
      return fastestStep(architecture, kernels, batch, parent);
    } finally {
      ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }
  }

  private static double fastestStep(
      Architecture architecture, Kernels kernels, int batch, NDManager parent) {
    try (NDManager m = parent.newSubManager()) {
      SequentialBlock network = DjlNetwork.build(architecture, kernels);
      DjlNetwork.initialize(network, architecture, m);
      ParameterStore parameters = new ParameterStore(m, false);
      NDArray x = m.randomUniform(0, 255, DjlNetwork.inputShape(architecture, batch));
      double best = Double.POSITIVE_INFINITY;
      for (int step = 0; step < 4; step++) {
        try (NDManager s = m.newSubManager()) {
          long start = System.nanoTime();
          try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
            NDArray logits = network.forward(parameters, new NDList(x), true).head();
            logits.attach(s);
            g.backward(logits.sum());
          }
          double millis = (System.nanoTime() - start) / 1e6;
          if (step > 0) {
            best = Math.min(best, millis);
          }
        }
      }
      return best;
    }
  }

  private static String join(int[] c) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < c.length; i++) {
      b.append(i == 0 ? "" : ",").append(c[i]);
    }
    return b.toString();
  }
}
