package dev.menagerie.bulk.run;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStore;

/** The Runs table as the bulk steps use it: records of kind BULK. */
public record BulkRuns(RunStore store) {
  public void put(RunRecord record) {
    store.put(record);
  }

  /** The record of {@code run}; NOT_FOUND when there is none. */
  public RunRecord current(BulkRun run) {
    String runId = run == null || run.runId() == null ? "" : run.runId();
    return store
        .get(RunKind.BULK, runId)
        .orElseThrow(() -> new MenagerieException(ErrorCode.NOT_FOUND, "no bulk run " + runId));
  }
}
