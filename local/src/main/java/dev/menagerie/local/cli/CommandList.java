package dev.menagerie.local.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command list of {@code ./menagerie --help}: each command (and each subcommand: {@code model
 * install}, {@code archive restore}) with its synopsis and its description, generated from the
 * commands' picocli specs, so that the list and {@code COMMAND --help} cannot disagree.
 */
final class CommandList implements CommandLine.IHelpSectionRenderer {
  /** The width of the help text. */
  static final int WIDTH = 100;

  private static final String INDENT = "      ";

  @Override
  public String render(Help help) {
    StringBuilder text = new StringBuilder();
    for (CommandLine command : help.commandSpec().subcommands().values()) {
      entries(command.getCommandSpec(), help.colorScheme(), text);
    }
    return text.toString();
  }

  /** The entries of {@code spec}: itself unless it only groups subcommands, then those. */
  private static void entries(CommandSpec spec, Help.ColorScheme colors, StringBuilder text) {
    if (spec.usageMessage().hidden()) {
      return;
    }
    boolean group =
        !spec.subcommands().isEmpty()
            && spec.positionalParameters().isEmpty()
            && spec.options().stream().allMatch(o -> o.hidden());
    if (!group) {
      String root = spec.root().qualifiedName() + " ";
      String[] lines = new Help(spec, colors).synopsis(0).stripTrailing().split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (i == 0 && line.startsWith(root)) {
          line = line.substring(root.length());
        } else if (line.startsWith(" ".repeat(root.length()))) {
          line = line.substring(root.length());
        }
        text.append("  ").append(line).append('\n');
      }
      for (String paragraph : spec.usageMessage().description()) {
        wrap(String.format(paragraph), text);
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      entries(sub.getCommandSpec(), colors, text);
    }
  }

  /** {@code paragraph} in lines of at most {@link #WIDTH}, indented; its own newlines kept. */
  private static void wrap(String paragraph, StringBuilder text) {
    for (String given : paragraph.split("\n", -1)) {
      List<String> words = new ArrayList<>(List.of(given.strip().split(" +")));
      String lead = INDENT + given.substring(0, given.length() - given.stripLeading().length());
      StringBuilder line = new StringBuilder(lead);
      for (String word : words) {
        if (line.length() > lead.length() && line.length() + 1 + word.length() > WIDTH) {
          text.append(line).append('\n');
          line = new StringBuilder(lead);
        }
        if (line.length() > lead.length()) {
          line.append(' ');
        }
        line.append(word);
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
