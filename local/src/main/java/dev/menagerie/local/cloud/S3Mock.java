package dev.menagerie.local.cloud;

import com.adobe.testing.s3mock.S3MockApplication;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adobe S3Mock embedded in this JVM. With a root directory its files outlive the process, so a
 * local session keeps its bucket between runs.
 */
public final class S3Mock implements AutoCloseable {
  /** Held so the levels stick: java.util.logging keeps loggers only weakly. */
  private static final List<java.util.logging.Logger> QUIET =
      List.of(java.util.logging.Logger.getLogger("org.apache"));

  static {
    // S3Mock is a Spring Boot app; the handlers log through Log4j. Keep Spring's hands off logging,
    // and Tomcat (java.util.logging) to warnings.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
  }

  private final S3MockApplication application;

  private S3Mock(S3MockApplication application) {
    this.application = application;
  }

  public static S3Mock start(List<String> buckets, Optional<Path> rootDir, int port) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(S3MockApplication.PROP_HTTP_PORT, port);
    properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
    properties.put(S3MockApplication.PROP_INITIAL_BUCKETS, String.join(",", buckets));
    properties.put(S3MockApplication.PROP_SILENT, true);
    properties.put("spring.main.banner-mode", "off");
    properties.put("logging.level.root", "WARN");
    rootDir.ifPresent(
        dir -> {
          properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, dir.toString());
          properties.put("com.adobe.testing.s3mock.store.retainFilesOnExit", true);
        });
    return new S3Mock(S3MockApplication.start(properties));
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + application.getHttpPort());
  }

  public int port() {
    return application.getHttpPort();
  }

  @Override
  public void close() {
    application.stop();
  }
}
