package dev.menagerie.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A command that only groups its subcommands ({@code model install|sample}, {@code inbox put},
 * {@code bulk identify}); alone it is a usage error naming them.
 */
@Command
final class CommandGroup extends CliCommand {
  /** {@code name1, command1, name2, command2, ...} under a new group. */
  static CommandLine of(Object... subcommands) {
    CommandLine group = new CommandLine(new CommandGroup());
    for (int i = 0; i < subcommands.length; i += 2) {
      group.addSubcommand((String) subcommands[i], subcommands[i + 1]);
    }
    return group;
  }

  @Override
  public Integer call() {
    throw new UsageException(
        spec.name() + " needs a subcommand: " + String.join(" or ", spec.subcommands().keySet()));
  }
}
