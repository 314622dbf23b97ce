package dev.menagerie.tests.template;

import static dev.menagerie.local.template.CloudFormationYaml.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.menagerie.local.cli.OutsideTool;
import dev.menagerie.local.template.CloudFormationYaml;
import dev.menagerie.tests.OutsideTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * template.yaml passes cfn-lint (the Python cfn-lint, which expands the SAM transform offline). The
 * linter needs the artifacts the template points at: without them it may report nothing, so a
 * missing artifact fails here first, by name.
 */
class TemplateLintTest {

  private static final long LINT_TIMEOUT_SECONDS = 180;

  /** Properties of SAM resources that name a local file or directory to package. */
  private static final Map<String, String> PACKAGED_PATHS =
      Map.of(
          "AWS::Serverless::Function", "CodeUri",
          "AWS::Serverless::LayerVersion", "ContentUri",
          "AWS::Serverless::StateMachine", "DefinitionUri",
          "AWS::Serverless::Api", "DefinitionUri",
          "AWS::Serverless::HttpApi", "DefinitionUri");

  @Test
  void template_shouldPassCfnLint() throws Exception {
    Path root = RepositoryRoot.path();
    assertArtifactsExist(root);

    Lint lint = cfnLint(root, "template.yaml");

    if (lint.exitCode() != 0) {
      fail("cfn-lint template.yaml exited with " + lint.exitCode() + ":\n" + lint.output());
    }
  }

  @Test
  void template_shouldReferenceOnlyBuiltArtifacts() throws IOException {
    assertArtifactsExist(RepositoryRoot.path());
  }

  @Test
  void brokenTemplate_shouldFailCfnLint(@TempDir Path dir) throws Exception {
    // GIVEN a template with a misspelt property and an invalid retention
    Files.writeString(
        dir.resolve("broken.yaml"),
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Resources:
          Logs:
            Type: AWS::Logs::LogGroup
            Properties:
              RetentionInDays: 31
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              KeySchem:
                - {AttributeName: id, KeyType: HASH}
        """);

    // WHEN it is linted
    Lint lint = cfnLint(dir, "broken.yaml");

    // THEN cfn-lint fails and names both mistakes
    assertThat(lint.exitCode()).as(lint.output()).isNotZero();
    assertThat(lint.output()).contains("KeySchem", "31");
  }

  private static void assertArtifactsExist(Path root) throws IOException {
    CloudFormationYaml template = CloudFormationYaml.load(root.resolve("template.yaml"));
    List<String> missing = new ArrayList<>();
    template
        .resources()
        .forEach(
            (id, resource) -> {
              String property = PACKAGED_PATHS.get(String.valueOf(resource.get("Type")));
              if (property == null) {
                return;
              }
              Object path =
                  resource.get("Type").equals("AWS::Serverless::Function")
                      ? template.functionProperty(id, property)
                      : asMap(resource.get("Properties")).get(property);
              if (path instanceof String local
                  && !local.startsWith("s3://")
                  && !Files.exists(root.resolve(local))) {
                missing.add(id + "." + property + " -> " + local);
              }
            });
    if (!missing.isEmpty()) {
      fail(
          "template.yaml points at artifacts that do not exist (build them first, e.g. `mvn -B"
              + " package` from the repository root, so that this module runs after the function"
              + " modules):\n  "
              + String.join("\n  ", missing));
    }
  }

  record Lint(int exitCode, String output) {}

  private static Lint cfnLint(Path dir, String template) throws IOException, InterruptedException {
    Path executable =
        OutsideTools.required(
            OutsideTool.CFN_LINT,
            "the template tests lint template.yaml with it (the Python cfn-lint, not the npm"
                + " package of that name)");
    Path output = Files.createTempFile("cfn-lint", ".txt");
    try {
      Process process =
          new ProcessBuilder(executable.toString(), template)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(LINT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("cfn-lint did not finish within " + LINT_TIMEOUT_SECONDS + " s");
      }
      return new Lint(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
