package dev.menagerie.benchmarks;

import dev.menagerie.classify.ClassifyHandler;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The local cloud (dynalite in memory, S3Mock) with the full model installed as production, and one
 * classify handler built the way the function is: from the environment the template gives it.
 */
final class BenchCloud implements AutoCloseable {
  static final int REQUEST_WIDTH = 1024;
  static final int REQUEST_HEIGHT = 768;

  /** The request JPEG: a camera-like 1024 x 768 photo at quality 0.9 (also DecodeBench's). */
  static byte[] requestJpegBytes() throws IOException {
    return Photos.jpeg(Photos.draw(REQUEST_WIDTH, REQUEST_HEIGHT, 11), 0.9f);
  }

  /** The request JPEG as a file in the bench's work folder, for child JVMs and Pillow to read. */
  static Path writeRequestJpeg(Options options, byte[] jpeg) throws IOException {
    Path file = options.work().resolve("images/request-1024x768.jpg");
    Files.createDirectories(file.getParent());
    Files.write(file, jpeg);
    return file;
  }

  private final LocalCloud cloud;
  private final byte[] requestJpeg;
  private ClassifyHandler handler;

  private BenchCloud(LocalCloud cloud, byte[] requestJpeg) {
    this.cloud = cloud;
    this.requestJpeg = requestJpeg;
  }

  static BenchCloud start(Path repoRoot, FullModel model) throws IOException {
    LocalCloud cloud = LocalCloud.start(repoRoot, Optional.empty(), Map.of());
    try {
      byte[] jpeg = requestJpegBytes();
      BenchCloud bench = new BenchCloud(cloud, jpeg);
      bench.installer().install(model.bundle(), true);
      return bench;
    } catch (IOException | RuntimeException e) {
      cloud.close();
      throw e;
    }
  }

  /** Installs another model beside production (not promoted). */
  void install(ModelBundle bundle) {
    installer().install(bundle, false);
  }

  private ModelInstaller installer() {
    return new ModelInstaller(
        new ModelRepository(cloud.s3(), bucket()),
        new DynamoModelRegistry(
            cloud.dynamo(), cloud.resources().tableName("ModelsTable"), Clock.systemUTC()),
        Clock.systemUTC());
  }

  /** The local cloud alone, for sections that need no model (the reports). */
  static BenchCloud startEmpty(Path repoRoot) throws IOException {
    return new BenchCloud(LocalCloud.start(repoRoot, Optional.empty(), Map.of()), new byte[0]);
  }

  LocalCloud cloud() {
    return cloud;
  }

  String bucket() {
    return cloud.resources().bucketNames().get(0);
  }

  /** A camera-like request: a 1024 x 768 JPEG. */
  byte[] requestJpeg() {
    return requestJpeg;
  }

  String requestJpegDescription() {
    return REQUEST_WIDTH + "×" + REQUEST_HEIGHT + " JPEG, " + requestJpeg.length / 1024 + " KiB";
  }

  Map<String, String> classifyEnvironment() {
    return cloud.functionEnvironment("ClassifyFunction");
  }

  synchronized ClassifyHandler classifyHandler() {
    if (handler == null) {
      handler = new ClassifyHandler(classifyEnvironment());
    }
    return handler;
  }

  @Override
  public void close() {
    cloud.close();
  }
}
