package dev.menagerie.common.store;

import java.util.List;
import java.util.Optional;

/** Training and bulk runs. */
public interface RunStore {
  /** Creates or replaces a run. */
  void put(RunRecord run);

  Optional<RunRecord> get(RunKind kind, String runId);

  /** The most recent runs of one kind, newest first. */
  List<RunRecord> recent(RunKind kind, int limit);
}
