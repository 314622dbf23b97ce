package dev.menagerie.local.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The programs from outside the build that Menagerie runs, found on the PATH, each with the command
 * that installs it (the versions are those the project is tested with: docs/prerequisites.md).
 * {@code ./menagerie doctor} and the tests that need one of them say the same thing when it is
 * missing.
 */
public enum OutsideTool {
  MAVEN("Maven", "sudo apt-get install maven", "3.8 or later", "mvn"),
  NODE(
      "Node.js",
      "sudo apt-get install nodejs",
      "20 or later, from NodeSource's node_20.x repository at https://deb.nodesource.com: Debian"
          + " 12's own nodejs is 18",
      "node"),
  NPM("npm", "sudo apt-get install nodejs", "NodeSource's nodejs package includes npm", "npm"),
  CFN_LINT("cfn-lint", "pip install 'cfn-lint==1.51.0'", "", "cfn-lint"),
  MOTO_SERVER("moto_server", "pip install 'moto[server]==5.2.1'", "", "moto_server"),
  CHROMIUM(
      "Chromium",
      "sudo apt-get install chromium",
      "",
      "chromium",
      "chromium-browser",
      "google-chrome");

  private final String title;
  private final String install;
  private final String note;
  private final List<String> executables;

  OutsideTool(String title, String install, String note, String... executables) {
    this.title = title;
    this.install = install;
    this.note = note;
    this.executables = List.of(executables);
  }

  /** The name people know it by. */
  public String title() {
    return title;
  }

  /** The command that installs it, with what to know about it in brackets. */
  public String install() {
    return "`" + install + "`" + (note.isEmpty() ? "" : " (" + note + ")");
  }

  /** The executable names it may have, the usual one first. */
  public List<String> executables() {
    return executables;
  }

  /** The executable on this process's PATH. */
  public Optional<Path> find() {
    return find(System.getenv().getOrDefault("PATH", ""));
  }

  /** The first of {@link #executables} found in the directories of {@code path}. */
  public Optional<Path> find(String path) {
    for (String name : executables) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * One sentence for when it is missing: {@code whatNeedsIt} (e.g. "the template tests lint
   * template.yaml with it") and how to install it.
   */
  public String missing(String whatNeedsIt) {
    return executables.get(0)
        + (title.equals(executables.get(0)) ? "" : " (" + title + ")")
        + " is not on the PATH, and "
        + whatNeedsIt
        + ": install it with "
        + install()
        + ".";
  }
}
