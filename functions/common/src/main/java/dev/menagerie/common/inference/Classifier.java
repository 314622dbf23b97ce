package dev.menagerie.common.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.menagerie.common.image.RgbImage;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded model: an ONNX Runtime session checked against the serving contract (input {@value
 * #INPUT} [batch, 3, H, W] of plain RGB, output {@value #OUTPUT} [batch, classes]) and the model's
 * labels. Thread-safe; build one per container and close it when replaced.
 */
public final class Classifier implements AutoCloseable {
  public static final String INPUT = "pixels";
  public static final String OUTPUT = "probabilities";

  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  private final OrtSession session;
  private final ModelCard card;
  private final List<String> labels;
  private final int width;
  private final int height;

  /** Per thread, one image's input in native order, for {@link #classify(RgbImage, int)}. */
  private final ThreadLocal<FloatBuffer> inputBuffer;

  private Classifier(OrtSession session, ModelCard card, List<String> labels) {
    this.session = session;
    this.card = card;
    this.labels = labels;
    this.width = card.input().width();
    this.height = card.input().height();
    int floats = 3 * width * height;
    this.inputBuffer =
        ThreadLocal.withInitial(
            () ->
                ByteBuffer.allocateDirect(floats * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer());
  }

  /**
   * Loads ONNX Runtime's native library and environment now (a few hundred milliseconds), so a cold
   * start can do it while other start-up work waits on the network. Calling it initialises this
   * class, which creates the environment.
   */
  public static void loadRuntime() {
    Objects.requireNonNull(ENVIRONMENT, "ONNX Runtime environment");
  }

  /** Creates the session and checks the graph's inputs and outputs against the card and labels. */
  public static Classifier load(ModelBundle bundle, InferenceOptions options) {
    OrtSession session = null;
    try (OrtSession.SessionOptions sessionOptions = options.sessionOptions()) {
      session = ENVIRONMENT.createSession(bundle.onnx(), sessionOptions);
      checkContract(session, bundle);
      return new Classifier(session, bundle.card(), bundle.labels());
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session);
      throw new InvalidModelException(
          "model " + bundle.card().version() + " cannot be served: " + e.getMessage(), e);
    }
  }

  public ModelCard card() {
    return card;
  }

  public String version() {
    return card.version();
  }

  public List<String> labels() {
    return labels;
  }

  public int inputWidth() {
    return width;
  }

  public int inputHeight() {
    return height;
  }

  /** Classifies one image given as {@code 3*H*W} floats (planes R, G, B; values 0..255). */
  public List<Prediction> classify(float[] chw, int topK) {
    return classifyBatch(chw, 1, topK).get(0);
  }

  /**
   * Classifies one image of the model's input size. Its planes go straight into a direct buffer
   * kept by the calling thread, which ONNX Runtime reads in place: no float array and no copy of it
   * made for each request (the array form costs two 1 MiB allocations and a copy at 299²).
   */
  public List<Prediction> classify(RgbImage image, int topK) {
    if (image.width() != width || image.height() != height) {
      throw new IllegalArgumentException(
          "expected a "
              + width
              + "x"
              + height
              + " image, got "
              + image.width()
              + "x"
              + image.height());
    }
    FloatBuffer input = inputBuffer.get();
    image.writeChw(input);
    return run(input, 1, topK).get(0);
  }

  /**
   * Classifies {@code count} images packed one after another in {@code chw} (each {@code 3*H*W}
   * floats), returning the top-k of each in order.
   */
  public List<List<Prediction>> classifyBatch(float[] chw, int count, int topK) {
    int perImage = 3 * width * height;
    if (count < 1 || chw.length != (long) perImage * count) {
      throw new IllegalArgumentException(
          "expected "
              + count
              + " images of 3x"
              + height
              + "x"
              + width
              + " = "
              + ((long) perImage * count)
              + " floats, got "
              + chw.length);
    }
    return run(FloatBuffer.wrap(chw), count, topK);
  }

  private List<List<Prediction>> run(FloatBuffer chw, int count, int topK) {
    long[] shape = {count, 3, height, width};
    try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, chw, shape);
        OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
      float[][] probabilities = (float[][]) result.get(0).getValue();
      List<List<Prediction>> out = new ArrayList<>(count);
      for (float[] row : probabilities) {
        out.add(topK(row, topK));
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed for model " + version(), e);
    }
  }

  /**
   * The {@code k} (at least 1) highest of {@code row} in descending order, ties in label order, as
   * a stable sort by {@link Float#compare} would give them; one pass with a short insertion list.
   */
  private List<Prediction> topK(float[] row, int k) {
    int n = Math.min(Math.max(k, 1), row.length);
    int[] best = new int[n];
    int size = 0;
    for (int i = 0; i < row.length; i++) {
      float value = row[i];
      if (size == n && Float.compare(value, row[best[n - 1]]) <= 0) {
        continue;
      }
      int at = size < n ? size++ : n - 1;
      while (at > 0 && Float.compare(value, row[best[at - 1]]) > 0) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = i;
    }
    List<Prediction> predictions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      predictions.add(new Prediction(labels.get(best[i]), row[best[i]]));
    }
    return predictions;
  }

  private static void checkContract(OrtSession session, ModelBundle bundle) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (inputs.size() != 1 || !inputs.containsKey(INPUT)) {
      throw new IllegalArgumentException(
          "expected exactly one input named '" + INPUT + "', found " + inputs.keySet());
    }
    if (!outputs.containsKey(OUTPUT)) {
      throw new IllegalArgumentException(
          "expected an output named '" + OUTPUT + "', found " + outputs.keySet());
    }
    long[] in = ((TensorInfo) inputs.get(INPUT).getInfo()).getShape();
    ModelCard.InputSize size = bundle.card().input();
    if (in.length != 4 || in[1] != 3 || in[2] != size.height() || in[3] != size.width()) {
      throw new IllegalArgumentException(
          "input shape "
              + Arrays.toString(in)
              + " does not match [batch, 3, "
              + size.height()
              + ", "
              + size.width()
              + "] from the model card");
    }
    long[] out = ((TensorInfo) outputs.get(OUTPUT).getInfo()).getShape();
    if (out.length != 2 || out[1] != bundle.labels().size()) {
      throw new IllegalArgumentException(
          "output shape "
              + Arrays.toString(out)
              + " does not match the "
              + bundle.labels().size()
              + " labels");
    }
  }

  private static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // the load already failed; the original error is the one worth reporting
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the session of model " + version() + " failed", e);
    }
  }
}
