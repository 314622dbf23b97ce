package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.store.DecisionSummary;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The model registry and the production alias: {@code models} (versions, status, accuracy and the
 * promotion log), {@code promote} and {@code rollback}.
 */
final class RegistryCommands {
  static final String USAGE =
      """
        models [--json] [--data DIR]
            Model versions with status (production, candidate, rejected, throw-away,
            retired), parent and accuracy; then the promotion log.
        promote VERSION [--force] [--data DIR]
            Move the production alias to VERSION (conditional: fails if it moves meanwhile).
            A version the rule rejected needs --force; a throw-away version never moves.
        rollback [--data DIR]
            Restore the production version before the current one.
      """;

  /** --json output: one document on one line, so a script can take the last line. */
  private static final ObjectMapper LINE = new ObjectMapper();

  private final PrintStream out;
  private final Path repoRoot;

  RegistryCommands(PrintStream out, Path repoRoot) {
    this.out = out;
    this.repoRoot = repoRoot;
  }

  int run(String command, List<String> words) throws IOException {
    return switch (command) {
      case "models" -> models(words);
      case "promote" -> promote(words);
      case "rollback" -> rollback(words);
      default -> throw new UsageException("unknown command '" + command + "'");
    };
  }

  private int models(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words, Set.of("--json"), Set.of("--data"));
    Endpoints endpoints = Endpoints.read(Endpoints.dataDir(args, repoRoot));
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      ModelRegistry registry = registry(dynamo, endpoints);
      List<ModelRecord> models = registry.list();
      List<ModelRegistry.Promotion> promotions = registry.promotions();
      if (args.flag("--json")) {
        out.println(
            LINE.writeValueAsString(
                Map.of(
                    "production", registry.productionVersion().orElse(""),
                    "models", models.stream().map(RegistryCommands::modelJson).toList(),
                    "promotions",
                        promotions.stream().map(RegistryCommands::promotionJson).toList())));
        return 0;
      }
      out.printf(
          Locale.ROOT,
          "%-28s %-11s %-28s %-10s %-9s %s%n",
          "VERSION",
          "STATUS",
          "PARENT",
          "ACCURACY",
          "PRECISION",
          "ARCHITECTURE");
      for (ModelRecord m : models) {
        out.printf(
            Locale.ROOT,
            "%-28s %-11s %-28s %-10s %-9s %s%n",
            m.version(),
            m.status(),
            m.parent().orElse("-"),
            accuracy(m),
            m.precision(),
            m.architecture());
      }
      if (!promotions.isEmpty()) {
        out.println();
        out.println("Promotions:");
        for (ModelRegistry.Promotion p : promotions) {
          out.println(
              "  "
                  + p.at()
                  + "  "
                  + p.previous().orElse("(none)")
                  + " -> "
                  + p.version()
                  + "  ("
                  + p.reason()
                  + ")");
        }
      }
      return 0;
    }
  }

  static Map<String, Object> modelJson(ModelRecord m) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("version", m.version());
    json.put("status", m.status().name());
    json.put("location", m.location());
    json.put("architecture", m.architecture());
    json.put("parent", m.parent().orElse(null));
    json.put("registeredAt", m.registeredAt().toString());
    json.put("precision", m.precision());
    json.put("metrics", m.metrics());
    return json;
  }

  static Map<String, Object> promotionJson(ModelRegistry.Promotion p) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("at", p.at().toString());
    json.put("version", p.version());
    json.put("previous", p.previous().orElse(null));
    json.put("reason", p.reason());
    return json;
  }

  private static String accuracy(ModelRecord m) {
    List<Double> bySet =
        m.metrics().decision().map(DecisionSummary::candidateAccuracies).orElse(List.of());
    if (!bySet.isEmpty()) {
      return String.join(
          "/", bySet.stream().map(a -> String.format(Locale.ROOT, "%.3f", a)).toList());
    }
    Double validation = m.metrics().training().validationAccuracy();
    return validation == null ? "-" : String.format(Locale.ROOT, "%.3f", validation);
  }

  private int promote(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words, Set.of("--force"), Set.of("--data"));
    if (args.positionals().size() != 1) {
      throw new UsageException("promote takes one VERSION");
    }
    String version = args.positionals().get(0);
    Endpoints endpoints = Endpoints.read(Endpoints.dataDir(args, repoRoot));
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      ModelRegistry registry = registry(dynamo, endpoints);
      Optional<String> current = registry.productionVersion();
      ModelRecord model =
          registry
              .get(version)
              .orElseThrow(() -> new UsageException("no model version " + version));
      String reason = "promoted by hand";
      if (model.status() == ModelStatus.REJECTED) {
        if (!args.flag("--force")) {
          throw new UsageException(
              version
                  + " was rejected by the promotion rule (`./menagerie models` shows why);"
                  + " add --force to promote it anyway");
        }
        registry.setStatus(version, ModelStatus.CANDIDATE);
        reason = "promoted by hand over the rule's rejection";
      }
      registry.promote(version, current, reason);
      out.println("production: " + current.orElse("(none)") + " -> " + version);
      return 0;
    }
  }

  private int rollback(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words, Set.of(), Set.of("--data"));
    Endpoints endpoints = Endpoints.read(Endpoints.dataDir(args, repoRoot));
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      ModelRegistry registry = registry(dynamo, endpoints);
      String before = registry.productionVersion().orElse("(none)");
      String now = registry.rollback();
      out.println("production: " + before + " -> " + now + " (rolled back)");
      return 0;
    }
  }

  private static ModelRegistry registry(DynamoDbClient dynamo, Endpoints endpoints) {
    return new DynamoModelRegistry(
        dynamo, endpoints.tables().get("ModelsTable"), Clock.systemUTC());
  }
}
