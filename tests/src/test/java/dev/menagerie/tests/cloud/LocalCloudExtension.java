package dev.menagerie.tests.cloud;

import dev.menagerie.local.cloud.LocalCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the local cloud (dynalite in memory, S3Mock) once per test run, with the tables and bucket
 * of template.yaml, and hands it to test constructors and methods that ask for a {@link
 * LocalCloud}. It stops when the run ends.
 */
public final class LocalCloudExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalCloudExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    cloud(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalCloud.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cloud(context);
  }

  private static LocalCloud cloud(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("cloud", key -> new Started(start()), Started.class)
        .cloud();
  }

  private static LocalCloud start() {
    try {
      return LocalCloud.start(repositoryRoot(), Optional.empty(), Map.of());
    } catch (Exception e) {
      throw new IllegalStateException("the local cloud did not start: " + e.getMessage(), e);
    }
  }

  /** The repository root: from the build, or the nearest directory up holding template.yaml. */
  public static Path repositoryRoot() {
    String fromBuild = System.getProperty("menagerie.repo");
    if (fromBuild != null && Files.isRegularFile(Path.of(fromBuild, "template.yaml"))) {
      return Path.of(fromBuild).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private record Started(LocalCloud cloud) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      cloud.close();
    }
  }
}
