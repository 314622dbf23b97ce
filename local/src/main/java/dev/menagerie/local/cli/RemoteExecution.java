package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Starts one of a deployed stack's state machines (the ARN from its outputs) with the default
 * credential chain and follows the execution to its end, printing its status every so often.
 */
final class RemoteExecution {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
  static final Duration POLL = Duration.ofSeconds(15);

  private RemoteExecution() {}

  static int run(
      PrintStream out,
      Stack.Deployed stack,
      String arnOutput,
      String namePrefix,
      JsonNode input,
      boolean json)
      throws IOException {
    String arn = stack.output(arnOutput);
    SfnClientBuilder builder = SfnClient.builder().region(Region.of(stack.region()));
    Stack.emulator().ifPresent(builder::endpointOverride);
    try (SfnClient sfn = builder.build()) {
      String name = namePrefix + NAME_TIME.format(Instant.now()) + "-cli";
      String body = JSON.writeValueAsString(input);
      String executionArn =
          sfn.startExecution(b -> b.stateMachineArn(arn).name(name).input(body)).executionArn();
      if (!json) {
        out.println("Started " + executionArn);
      }
      Instant started = Instant.now();
      DescribeExecutionResponse execution;
      while (true) {
        execution = sfn.describeExecution(b -> b.executionArn(executionArn));
        if (execution.status() != ExecutionStatus.RUNNING) {
          break;
        }
        if (!json) {
          out.printf(
              "  %s, %d s%n",
              execution.status(), Duration.between(started, Instant.now()).toSeconds());
          out.flush();
        }
        Thread.sleep(POLL.toMillis());
      }
      if (json) {
        out.println(
            JSON.writeValueAsString(
                JSON.createObjectNode()
                    .put("executionArn", executionArn)
                    .put("status", execution.statusAsString())
                    .set(
                        "output",
                        execution.output() == null
                            ? JSON.nullNode()
                            : JSON.readTree(execution.output()))));
      } else {
        out.println(execution.status() + ": " + executionArn);
        if (execution.output() != null) {
          out.println(execution.output());
        }
      }
      if (execution.status() != ExecutionStatus.SUCCEEDED) {
        throw new IOException(
            "the execution ended "
                + execution.status()
                + (execution.error() == null
                    ? ""
                    : ": " + execution.error() + ": " + execution.cause()));
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
