package dev.menagerie.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.DjlNetwork;
import dev.menagerie.training.arch.OnnxExport;
import dev.menagerie.training.kernels.Kernels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model directory: the three serving files of {@link ModelBundle} ({@code model.onnx},
 * {@code labels.json}, {@code model-card.json}) plus what the next warm start needs: {@value
 * #WEIGHTS_FILE} (DJL's parameter format) and {@value #ARCHITECTURE_FILE}.
 */
public record ModelFiles(
    Architecture architecture, List<String> labels, ModelCard card, byte[] weights) {
  public static final String WEIGHTS_FILE = "weights.params";
  public static final String ARCHITECTURE_FILE = "architecture.json";

  /** The float graph of a model served as int8. */
  public static final String FP32_ONNX_FILE = "model-fp32.onnx";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ModelFiles {
    labels = List.copyOf(labels);
    if (labels.size() != architecture.classes()) {
      throw new IllegalArgumentException(
          "the architecture has "
              + architecture.classes()
              + " classes but there are "
              + labels.size()
              + " labels");
    }
  }

  /** Reads what a warm start needs from a model directory. */
  public static ModelFiles read(Path dir) throws IOException {
    try {
      Architecture architecture =
          JSON.readValue(dir.resolve(ARCHITECTURE_FILE).toFile(), Architecture.class);
      List<String> labels =
          JSON.readValue(
              dir.resolve(ModelBundle.LABELS_FILE).toFile(), new TypeReference<List<String>>() {});
      ModelCard card = JSON.readValue(dir.resolve(ModelBundle.CARD_FILE).toFile(), ModelCard.class);
      byte[] weights = Files.readAllBytes(dir.resolve(WEIGHTS_FILE));
      return new ModelFiles(architecture, labels, card, weights);
    } catch (NoSuchFileException e) {
      throw new IOException(
          dir
              + " cannot be warm-started from: missing "
              + e.getFile()
              + " (a training-job model directory has "
              + List.of(
                  ModelBundle.ONNX_FILE,
                  ModelBundle.LABELS_FILE,
                  ModelBundle.CARD_FILE,
                  WEIGHTS_FILE,
                  ARCHITECTURE_FILE)
              + ")",
          e);
    }
  }

  /** Writes all five files into {@code dir}; the card last, as it marks a complete model. */
  public static void write(
      Path dir,
      Architecture architecture,
      SequentialBlock network,
      List<String> labels,
      ModelCard card)
      throws IOException {
    byte[] onnx = OnnxExport.toBytes(architecture, network);
    write(dir, architecture, network, new ModelBundle(onnx, labels, card), onnx);
  }

  /**
   * Writes {@code bundle} (the graph that will be served) with the network's weights; when the
   * served graph is not the float export ({@code precision} int8), the float graph goes beside it
   * as {@value #FP32_ONNX_FILE}, so that it can be served or re-quantized later.
   */
  public static void write(
      Path dir, Architecture architecture, SequentialBlock network, ModelBundle bundle, byte[] fp32)
      throws IOException {
    Files.createDirectories(dir);
    if (bundle.card().precision().equals(ModelCard.FP32)) {
      Files.deleteIfExists(dir.resolve(FP32_ONNX_FILE));
    } else {
      Files.write(dir.resolve(FP32_ONNX_FILE), fp32);
    }
    Files.write(dir.resolve(WEIGHTS_FILE), weightsOf(network));
    JSON.writeValue(dir.resolve(ARCHITECTURE_FILE).toFile(), architecture);
    Files.write(dir.resolve(ModelBundle.ONNX_FILE), bundle.onnx());
    Files.write(dir.resolve(ModelBundle.LABELS_FILE), bundle.labelsJson());
    Files.write(dir.resolve(ModelBundle.CARD_FILE), bundle.cardJson());
  }

  /** The network's parameters in DJL's format. */
  public static byte[] weightsOf(SequentialBlock network) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      network.saveParameters(out);
    }
    return bytes.toByteArray();
  }

  /** Loads parameters written by {@link #weightsOf} into an initialised network. */
  public static void loadWeights(SequentialBlock network, NDManager manager, byte[] weights)
      throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
      network.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("weights do not fit the network: " + e.getMessage(), e);
    }
  }

  /** This model's network, initialised and loaded with its weights. */
  public SequentialBlock network(NDManager manager) throws IOException {
    return network(manager, Kernels.DEFAULT);
  }

  /** This model's network on {@code kernels}, initialised and loaded with its weights. */
  public SequentialBlock network(NDManager manager, Kernels kernels) throws IOException {
    SequentialBlock network = DjlNetwork.build(architecture, kernels);
    DjlNetwork.initialize(network, architecture, manager);
    loadWeights(network, manager, weights);
    return network;
  }
}
