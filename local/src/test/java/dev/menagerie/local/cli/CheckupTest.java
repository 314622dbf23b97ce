package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.local.cli.Finding.State;
import dev.menagerie.local.cli.Finding.Use;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckupTest {

  @Test
  void atLeast_shouldCompareMajorThenMinor() {
    assertThat(Checkup.atLeast("3.8.7", 3, 8)).isTrue();
    assertThat(Checkup.atLeast("3.6.3", 3, 8)).isFalse();
    assertThat(Checkup.atLeast("4.0.0", 3, 8)).isTrue();
    assertThat(Checkup.atLeast("v20.20.2", 20, 0)).isTrue();
    assertThat(Checkup.atLeast("v18.19.0", 20, 0)).isFalse();
    assertThat(Checkup.atLeast("17.0.15+6-Debian", 17, 0)).isTrue();
    assertThat(Checkup.atLeast("no digits", 1, 0)).isFalse();
  }

  @Test
  void outsideTool_shouldBeFoundOnlyWhereThePathSays(@TempDir Path dir) throws Exception {
    // GIVEN an executable moto_server in one directory and a plain file of that name in another
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path plain = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(bin.resolve("moto_server"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        bin.resolve("moto_server"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(plain.resolve("moto_server"), "not a program");

    // THEN only the executable one counts, and only when its directory is on the PATH
    assertThat(OutsideTool.MOTO_SERVER.find(plain + ":" + bin))
        .contains(bin.resolve("moto_server"));
    assertThat(OutsideTool.MOTO_SERVER.find(plain.toString())).isEmpty();
    assertThat(OutsideTool.MOTO_SERVER.find("")).isEmpty();
  }

  @Test
  void missingTool_shouldBeOneSentenceWithItsInstallCommand() {
    String sentence = OutsideTool.MOTO_SERVER.missing("the CLI's --stack test runs AWS on it");

    assertThat(sentence)
        .isEqualTo(
            "moto_server is not on the PATH, and the CLI's --stack test runs AWS on it: install it"
                + " with `pip install 'moto[server]==5.2.1'`.");
    assertThat(OutsideTool.CHROMIUM.missing("x")).startsWith("chromium (Chromium) is not");
  }

  @Test
  void maven_onAnEmptyPath_shouldBeMissingWithItsInstallCommand(@TempDir Path repo) {
    Finding maven = new Checkup(repo, "").maven();

    assertThat(maven.state()).isEqualTo(State.MISSING);
    assertThat(maven.fix()).contains("sudo apt-get install maven");
    assertThat(maven.stopsTheDemo()).isTrue();
  }

  @Test
  void node22_notInstalled_shouldPointAtTheBuild(@TempDir Path repo) {
    Finding node22 = new Checkup(repo, "").node22();

    assertThat(node22.state()).isEqualTo(State.MISSING);
    assertThat(node22.fix()).contains("npm install in local/", "-pl local -am");
  }

  @Test
  void stopsTheDemo_shouldCountOnlyDemoItemsThatWereCheckedAndFailed() {
    Set<Use> demo = Set.of(Use.DEMO, Use.TESTS);
    Set<Use> testsOnly = Set.of(Use.TESTS);

    assertThat(new Finding("a", State.MISSING, "d", "f", demo).stopsTheDemo()).isTrue();
    assertThat(new Finding("b", State.IN_USE, "d", "f", demo).stopsTheDemo()).isTrue();
    assertThat(new Finding("c", State.OK, "d", "", demo).stopsTheDemo()).isFalse();
    assertThat(new Finding("d", State.NOT_CHECKED, "d", "f", demo).stopsTheDemo()).isFalse();
    assertThat(new Finding("e", State.MISSING, "d", "f", testsOnly).stopsTheDemo()).isFalse();
  }
}
