package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.local.cloud.LocalCloud;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** {@code DATA/endpoints.json}: where a running local cloud listens and what it holds. */
public record Endpoints(
    String apiUrl,
    String dynamoDbEndpoint,
    String s3Endpoint,
    String region,
    String bucket,
    Map<String, String> tables,
    String accessKeyId,
    String secretAccessKey,
    long pid) {

  public static final String FILE = "endpoints.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path tmp = dataDir.resolve(FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(
        tmp,
        dataDir.resolve(FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** {@code DATA/endpoints.json}: the endpoints of the local cloud running with that data. */
  public static Endpoints read(Path dataDir) throws IOException {
    try {
      return JSON.readValue(dataDir.resolve(FILE).toFile(), Endpoints.class);
    } catch (java.io.FileNotFoundException | NoSuchFileException e) {
      throw new IOException(
          "no local cloud is running with data in "
              + dataDir
              + " (no "
              + FILE
              + "): start one with "
              + "`./menagerie up --data "
              + dataDir
              + "`",
          e);
    }
  }

  public AwsSettings aws() {
    return new AwsSettings(
        region,
        Optional.ofNullable(dynamoDbEndpoint).map(URI::create),
        Optional.ofNullable(s3Endpoint).map(URI::create),
        Optional.ofNullable(accessKeyId),
        Optional.ofNullable(secretAccessKey),
        Optional.empty());
  }

  public static Endpoints of(LocalCloud cloud, URI api, long pid) {
    Map<String, String> tables = new java.util.LinkedHashMap<>();
    cloud.resources().tableIds().forEach(id -> tables.put(id, cloud.resources().tableName(id)));
    return new Endpoints(
        api.toString(),
        cloud.dynamoEndpoint().toString(),
        cloud.s3Endpoint().toString(),
        cloud.awsSettings().region(),
        cloud.resources().bucketNames().get(0),
        tables,
        LocalCloud.ACCESS_KEY,
        LocalCloud.SECRET_KEY,
        pid);
  }
}
