package dev.menagerie.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.classify.ClassifyConfig;
import dev.menagerie.classify.ClassifyHandler;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.inference.Classifier;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The child JVM of the cold-start and memory measures: a fresh process with the classify function's
 * environment, pointed at the parent's local cloud. {@code handler JPEG N}: builds the real {@link
 * ClassifyHandler} (model lookup, fetch, session, SnapStart priming run) and sends N requests;
 * {@code steps JPEG}: does the same work step by step, unprimed, to time each step. Prints one line
 * {@code BENCH {json}} with epoch-millisecond timestamps and durations.
 */
public final class ColdStartMain {
  private ColdStartMain() {}

  public static void main(String[] args) throws Exception {
    long mainAt = System.currentTimeMillis();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mainAt", mainAt);
    out.put("jvmStartAt", java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    byte[] jpeg = Files.readAllBytes(Path.of(args[1]));
    if (args[0].equals("handler")) {
      int requests = Integer.parseInt(args[2]);
      long t0 = System.nanoTime();
      ClassifyHandler handler = new ClassifyHandler(System.getenv());
      long t1 = System.nanoTime();
      var first = InferenceBench.classifyOnce(handler, Events.classifyJpeg(jpeg));
      long t2 = System.nanoTime();
      out.put("firstTimings", new ObjectMapper().readTree(first.getBody()).get("timings"));
      out.put("firstResponseAt", System.currentTimeMillis());
      out.put("initMs", (t1 - t0) / 1e6);
      out.put("firstRequestMs", (t2 - t1) / 1e6);
      Timer warm = new Timer();
      var last = first;
      for (int i = 1; i < requests; i++) {
        long s = System.nanoTime();
        last = InferenceBench.classifyOnce(handler, Events.classifyJpeg(jpeg));
        warm.add((System.nanoTime() - s) / 1e6);
      }
      out.put("warmTimings", new ObjectMapper().readTree(last.getBody()).get("timings"));
      out.put("warmRequestMs", warm.median());
      out.put("peakRssKib", Machine.peakRssKib());
    } else {
      long t0 = System.nanoTime();
      ClassifyConfig config = ClassifyConfig.fromEnvironment(System.getenv());
      DynamoDbClient dynamo = AwsClients.dynamoDb(config.aws());
      S3Client s3 = AwsClients.s3(config.aws());
      long t1 = System.nanoTime();
      DynamoModelRegistry registry =
          new DynamoModelRegistry(dynamo, config.modelsTable(), Clock.systemUTC());
      String version = registry.productionVersion().orElseThrow();
      String location =
          registry
              .get(version)
              .map(ModelRecord::location)
              .orElse(ModelRepository.location(version));
      ModelBundle bundle = new ModelRepository(s3, config.bucket()).download(location);
      long t2 = System.nanoTime();
      try (Classifier classifier = Classifier.load(bundle, InferenceOptions.defaults())) {
        long t3 = System.nanoTime();
        ImageDecoder decoder = new ImageDecoder(config.imageLimits());
        float[] chw =
            decoder.decode(jpeg, classifier.inputWidth(), classifier.inputHeight()).toChw();
        long t4 = System.nanoTime();
        classifier.classify(chw, 5);
        long t5 = System.nanoTime();
        classifier.classify(chw, 5);
        long t6 = System.nanoTime();
        out.put("clientsMs", (t1 - t0) / 1e6);
        out.put("fetchMs", (t2 - t1) / 1e6);
        out.put("modelMiB", bundle.onnx().length / 1048576.0);
        out.put("sessionMs", (t3 - t2) / 1e6);
        out.put("firstDecodeMs", (t4 - t3) / 1e6);
        out.put("firstRunMs", (t5 - t4) / 1e6);
        out.put("secondRunMs", (t6 - t5) / 1e6);
      }
    }
    System.out.println("BENCH " + new ObjectMapper().writeValueAsString(out));
    System.out.flush();
    System.exit(0);
  }
}
