package dev.menagerie.local.cli;

import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.local.cloud.ModelInstaller;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code model install} (a model directory into the running local cloud, optionally made
 * production) and {@code model sample} (the built-in sample model to a directory).
 */
final class ModelCommand {
  private final PrintStream out;
  private final Path repoRoot;

  ModelCommand(PrintStream out, Path repoRoot) {
    this.out = out;
    this.repoRoot = repoRoot;
  }

  int run(List<String> words) throws IOException {
    if (words.isEmpty()) {
      throw new UsageException("model needs a subcommand: install or sample");
    }
    List<String> rest = words.subList(1, words.size());
    switch (words.get(0)) {
      case "install" -> {
        Arguments args =
            Arguments.parse(
                rest,
                Set.of("--production"),
                Set.of("--data", "--precision", "--calibration", "--holdout"));
        if (args.positionals().size() != 1) {
          throw new UsageException("model install takes one MODEL_DIR");
        }
        ModelBundle bundle =
            Int8Option.apply(ModelBundle.read(Path.of(args.positionals().get(0))), args);
        Endpoints endpoints = Endpoints.read(Endpoints.dataDir(args, repoRoot));
        AwsSettings aws = endpoints.aws();
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(aws);
            S3Client s3 = AwsClients.s3(aws)) {
          ModelInstaller installer =
              new ModelInstaller(
                  new ModelRepository(s3, endpoints.bucket()),
                  new DynamoModelRegistry(
                      dynamo, endpoints.tables().get("ModelsTable"), Clock.systemUTC()),
                  Clock.systemUTC());
          ModelInstaller.Installed installed = installer.install(bundle, args.flag("--production"));
          out.println(
              "Installed model "
                  + installed.version()
                  + " at "
                  + installed.location()
                  + (installed.production() ? " and made it production" : " as a candidate")
                  + " ("
                  + bundle.card().precision()
                  + ")");
          Int8Option.describe(bundle).ifPresent(out::println);
        }
        return 0;
      }
      case "sample" -> {
        Arguments args = Arguments.parse(rest, Set.of(), Set.of());
        if (args.positionals().size() != 1) {
          throw new UsageException("model sample takes one OUT_DIR");
        }
        Path dir = Path.of(args.positionals().get(0));
        ModelInstaller.sampleModel().write(dir);
        out.println("Wrote the sample model " + ModelInstaller.SAMPLE_VERSION + " to " + dir);
        return 0;
      }
      default -> throw new UsageException("unknown model subcommand '" + words.get(0) + "'");
    }
  }
}
