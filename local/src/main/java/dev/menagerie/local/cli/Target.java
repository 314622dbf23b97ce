package dev.menagerie.local.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a command works against, chosen once per command line: the local cloud that {@code up} runs
 * with its state in a data directory (its {@code endpoints.json}), or the deployed stack named with
 * {@code --stack} (its outputs). Passed to the commands that talk to either.
 */
final class Target {
  private final Optional<Stack.Deployed> stack;

  private Target(Optional<Stack.Deployed> stack) {
    this.stack = stack;
  }

  /** The local cloud. */
  static Target local() {
    return new Target(Optional.empty());
  }

  /** A deployed stack, its outputs read already. */
  static Target deployed(Stack.Deployed stack) {
    return new Target(Optional.of(stack));
  }

  /** The deployed stack; empty for the local cloud. */
  Optional<Stack.Deployed> stack() {
    return stack;
  }

  /**
   * The endpoints: the stack's, or those of the local cloud running with its state in {@code data}.
   */
  Endpoints endpoints(Path data) throws IOException {
    return stack.isPresent() ? stack.get().endpoints() : Endpoints.read(data);
  }

  /** The HTTP API: the stack's (authorised as it requires) or the local cloud's. */
  ApiClient api(Path data) throws IOException {
    return new ApiClient(
        endpoints(data).apiUrl(),
        stack.map(s -> ApiAuth.deployed(s.region())).orElse(ApiAuth.local()));
  }
}
