package dev.menagerie.local.cloud;

import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What local runners (state machines) need of a local cloud: its template's resources, its S3, and
 * the environment a function gets. A {@link LocalCloud} in this JVM, or one a running {@code
 * ./menagerie up} serves (reached through its endpoints.json).
 */
public interface CloudAccess {
  LocalResources resources();

  S3Client s3();

  Map<String, String> functionEnvironment(String functionId);
}
