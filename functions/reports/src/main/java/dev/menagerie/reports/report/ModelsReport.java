package dev.menagerie.reports.report;

import dev.menagerie.common.store.BulkFigures;
import dev.menagerie.common.store.ModelMetrics;
import dev.menagerie.common.store.RunFigures;
import dev.menagerie.common.store.TrainingFigures;
import java.util.List;

/**
 * The models report ({@code GET /reports/models}): the production alias and its log, every
 * registered version with its metrics, requests and evaluation tally, and the recent training and
 * bulk runs. Served as JSON with these names, in this order.
 */
public record ModelsReport(
    String report,
    ReportPeriodFigures period,
    String production,
    String promotedAt,
    String previousVersion,
    List<Promotion> promotions,
    List<Model> models,
    Runs runs) {

  /** One move of the production alias. */
  public record Promotion(String at, String version, String previous, String reason) {}

  /** One registered version. */
  public record Model(
      String version,
      String status,
      String registeredAt,
      String parent,
      String architecture,
      ModelMetrics metrics,
      long requests,
      AccuracyReport.Tally evaluation) {}

  /** The most recent runs of each kind, newest first. */
  public record Runs(List<Run<TrainingFigures>> training, List<Run<BulkFigures>> bulk) {}

  /** One run, with what the runs table shows of it and its figures. */
  public record Run<F extends RunFigures>(
      String runId,
      String status,
      String startedAt,
      String endedAt,
      String modelVersion,
      String base,
      String epochs,
      Long seconds,
      F figures,
      String error) {}
}
