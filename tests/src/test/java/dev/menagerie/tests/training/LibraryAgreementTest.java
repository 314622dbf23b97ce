package dev.menagerie.tests.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.library.LabelledImage;
import dev.menagerie.common.library.LibraryStatistics;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.pipeline.PipelineHandler;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import dev.menagerie.training.TrainJob;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The pipeline (dataset preparation, library statistics) and the training job read one library the
 * same way: what the pipeline counts and splits is exactly what the training job takes, and a file
 * the image decoder cannot read (a WebP, a TIFF) is skipped by both, each saying so.
 */
@ExtendWith(LocalCloudExtension.class)
class LibraryAgreementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LocalCloud cloud;
  @TempDir Path library;

  LibraryAgreementTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @Test
  void unreadableFormats_shouldBeSkippedAlikeByThePipelineAndTheTrainingJob() throws Exception {
    // GIVEN a library folder of two classes with images the decoder reads (jpg, png, gif, bmp,
    // upper-case names, staged and synthetic subfolders), a WebP, a TIFF and a stray text file
    for (int i = 0; i < 4; i++) {
      image("cat/c" + i + ".jpg", "jpg");
      image("dog/d" + i + ".JPG", "jpg");
    }
    image("cat/staged/s.png", "png");
    image("dog/synthetic/s.gif", "gif");
    image("dog/field/f.bmp", "bmp");
    Files.write(
        library.resolve("cat/c.webp"),
        "RIFF\0\0\0\0WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(library.resolve("dog/d.tiff"), new byte[] {'I', 'I', 42, 0});
    Files.writeString(library.resolve("dog/notes.txt"), "taken at the zoo");
    Files.createDirectories(library.resolve("_meta"));
    Files.writeString(
        library.resolve("_meta/images.jsonl"),
        "{\"key\":\"cat/c.webp\",\"smallSubject\":true}\n{\"key\":\"cat/c1.jpg\",\"group\":\"g\"}\n");
    // AND the same files uploaded to a bucket's library/
    String bucket = "agreement-" + UUID.randomUUID().toString().substring(0, 8);
    cloud.s3().createBucket(b -> b.bucket(bucket));
    List<String> relativeKeys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(library)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String key = library.relativize(file).toString().replace('\\', '/');
        relativeKeys.add(key);
        cloud
            .s3()
            .putObject(b -> b.bucket(bucket).key("library/" + key), RequestBody.fromFile(file));
      }
    }

    // WHEN the training job scans the folder
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<LabelledImage> trained =
        TrainJob.scan(library, new PrintStream(printed, true, StandardCharsets.UTF_8));
    // AND the pipeline prepares a run's dataset from the bucket, and counts the library
    JsonNode dataset = prepare(bucket);
    LibraryStatistics statistics = LibraryStatistics.of(relativeKeys);

    // THEN the pipeline splits exactly the images the training job takes: 11, and no WebP or TIFF
    List<String> split = new ArrayList<>();
    dataset.path("splits").forEach(s -> s.forEach(k -> split.add(k.asText())));
    List<String> trainedKeys = trained.stream().map(i -> "library/" + i.key()).toList();
    assertThat(trainedKeys).hasSize(11).noneMatch(k -> k.endsWith(".webp") || k.endsWith(".tiff"));
    assertThat(split).containsExactlyInAnyOrderElementsOf(trainedKeys);
    assertThat(dataset.path("counts").path("cat").asInt()).isEqualTo(5);
    assertThat(dataset.path("counts").path("dog").asInt()).isEqualTo(6);
    assertThat(statistics.get("cat").orElseThrow().total()).isEqualTo(5);
    assertThat(statistics.get("dog").orElseThrow().total()).isEqualTo(6);
    // AND both say what they skipped and why
    String webp = "cat/c.webp: WEBP is a format the image decoder does not read";
    String tiff = "dog/d.tiff: TIFF is a format the image decoder does not read";
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("skipped: " + webp, "skipped: " + tiff, "skipped: dog/notes.txt: not an image");
    assertThat(dataset.path("notes").toString())
        .contains(
            "skipped 3 file(s)", "library/" + webp, "library/" + tiff, "library/dog/notes.txt");
    assertThat(statistics.skipped())
        .extracting(Object::toString)
        .anyMatch(s -> s.startsWith(webp))
        .anyMatch(s -> s.startsWith(tiff))
        .hasSize(3);
  }

  private void image(String key, String format) throws Exception {
    Path file = library.resolve(key);
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 3, 0xFF8800);
    assertThat(ImageIO.write(image, format.equals("jpg") ? "jpeg" : format, file.toFile()))
        .as("a %s writer", format)
        .isTrue();
  }

  /**
   * Runs the pipeline's start and prepare steps as the state machine does; returns dataset.json.
   */
  private JsonNode prepare(String bucket) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(cloud.functionEnvironment("PipelineFunction"));
    env.put("BUCKET_NAME", bucket);
    env.put("MODELS_TABLE", cloud.createTableLike("ModelsTable", "models-" + UUID.randomUUID()));
    env.put("RUNS_TABLE", cloud.createTableLike("RunsTable", "runs-" + UUID.randomUUID()));
    PipelineHandler handler = new PipelineHandler(env);
    JsonNode run =
        invoke(handler, "{\"action\":\"start\",\"input\":{\"name\":\"agree\",\"cutoff\":2}}");
    invoke(handler, "{\"action\":\"prepare\",\"run\":{\"run\":" + run + "}}");
    String key = "runs/" + run.path("runId").asText() + "/dataset.json";
    return JSON.readTree(cloud.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
  }

  private static JsonNode invoke(PipelineHandler handler, String request) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out, null);
    return JSON.readTree(out.toByteArray());
  }
}
