package dev.menagerie.local.cli;

import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.local.cloud.ModelInstaller;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code model install} (a model directory into the running local cloud, optionally made
 * production) and {@code model sample} (the built-in sample model to a directory).
 */
final class ModelCommand {
  private ModelCommand() {}

  /** {@code model} and its subcommands. */
  static CommandLine group() {
    return CommandGroup.of("install", new Install(), "sample", new Sample());
  }

  @Command(
      name = "install",
      description =
          "Upload a model directory (model.onnx, labels.json, model-card.json) to the running local"
              + " cloud, register its version, and with --production move the production alias to"
              + " it (the classify function picks it up within seconds). --precision int8"
              + " quantizes an fp32 model first (calibrated on images of the labelled folder"
              + " --calibration, its accuracy cost measured on --holdout; see docs/int8.md).")
  static final class Install extends CliCommand {
    @Parameters(paramLabel = "MODEL_DIR", description = "The model directory.")
    Path modelDir;

    @Option(names = "--production", description = "Make it the production model.")
    boolean production;

    @Mixin DataOption data;

    @Mixin Int8Option int8;

    @Override
    public Integer call() throws IOException {
      ModelBundle bundle = int8.apply(ModelBundle.read(modelDir));
      Endpoints endpoints = Endpoints.read(data.dir(repoRoot()));
      AwsSettings aws = endpoints.aws();
      try (DynamoDbClient dynamo = AwsClients.dynamoDb(aws);
          S3Client s3 = AwsClients.s3(aws)) {
        ModelInstaller installer =
            new ModelInstaller(
                new ModelRepository(s3, endpoints.bucket()),
                new DynamoModelRegistry(
                    dynamo, endpoints.tables().get("ModelsTable"), Clock.systemUTC()),
                Clock.systemUTC());
        ModelInstaller.Installed installed = installer.install(bundle, production);
        out()
            .println(
                "Installed model "
                    + installed.version()
                    + " at "
                    + installed.location()
                    + (installed.production() ? " and made it production" : " as a candidate")
                    + " ("
                    + bundle.card().precision()
                    + ")");
        Int8Option.describe(bundle).ifPresent(out()::println);
      }
      return 0;
    }
  }

  @Command(name = "sample", description = "Write the built-in sample model to OUT_DIR.")
  static final class Sample extends CliCommand {
    @Parameters(paramLabel = "OUT_DIR", description = "Where to write it.")
    Path dir;

    @Override
    public Integer call() throws IOException {
      ModelInstaller.sampleModel().write(dir);
      out().println("Wrote the sample model " + ModelInstaller.SAMPLE_VERSION + " to " + dir);
      return 0;
    }
  }
}
