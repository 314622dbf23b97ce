package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo prints paths inside commands to paste into a shell: each must come back as it was. */
class ShellQuotedTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/work/main/.menagerie/demo/holdout/star",
        "/tmp/my demo/data",
        "/tmp/it's here",
        "/tmp/$HOME `x` \"y\" *.jpg; rm -rf z",
        "relative/dir"
      })
  void aPathQuotedForTheShell_shouldComeBackUnchangedFromBash(String path) throws Exception {
    // GIVEN a path, quoted as the demo prints it
    String quoted = DemoSuggestions.shellQuoted(path);
    // WHEN bash reads it as one word
    Process bash = new ProcessBuilder("bash", "-c", "printf %s " + quoted).start();
    String back = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // THEN the word is the path itself, and plain paths are printed without quotes
    assertThat(bash.waitFor()).isZero();
    assertThat(back).isEqualTo(path);
    if (path.matches("[A-Za-z0-9_./-]+")) {
      assertThat(quoted).isEqualTo(path);
    }
  }
}
