package dev.menagerie.local.cli;

import java.util.Set;

/**
 * One item of {@code ./menagerie doctor}: what was found, and how to fix it when it is not ok.
 *
 * @param neededBy who cannot work without it
 */
record Finding(String item, State state, String detail, String fix, Set<Use> neededBy) {
  /** Who needs an item: its absence stops them. */
  enum Use {
    DEMO("demo/up"),
    TESTS("tests"),
    BENCH("bench");

    final String label;

    Use(String label) {
      this.label = label;
    }
  }

  enum State {
    OK("ok"),
    MISSING("missing"),
    WRONG_VERSION("wrong version"),
    IN_USE("in use"),
    LOW("low"),
    FAILED("failed"),
    NOT_CHECKED("not checked");

    final String label;

    State(String label) {
      this.label = label;
    }
  }

  static final Set<Use> EVERYONE = Set.of(Use.DEMO, Use.TESTS, Use.BENCH);

  static Finding ok(String item, String detail, Set<Use> users) {
    return new Finding(item, State.OK, detail, "", users);
  }

  /** True when the demo cannot run while this item is as found (one not checked is let pass). */
  boolean stopsTheDemo() {
    return neededBy.contains(Use.DEMO) && state != State.OK && state != State.NOT_CHECKED;
  }
}
