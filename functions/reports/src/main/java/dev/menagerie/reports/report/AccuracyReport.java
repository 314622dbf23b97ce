package dev.menagerie.reports.report;

import java.util.List;
import java.util.Map;

/**
 * The accuracy report ({@code GET /reports/accuracy}): the evaluations in total, per day (and per
 * model that day), per model, the reliability bins, per-class precision and recall, and the most
 * frequent confusions. Served as JSON with these names, in this order.
 */
public record AccuracyReport(
    String report,
    ReportPeriodFigures period,
    Tally totals,
    List<Day> days,
    List<ModelTally> byModel,
    Reliability reliability,
    List<ClassFigures> classes,
    List<Confusion> confusions) {

  /** Evaluations and their outcome; {@code accuracy} is null when none was judged. */
  public record Tally(
      long evaluations, long correct, long incorrect, long unusable, Double accuracy) {}

  /** One day: its tally and, per model version judged that day, its own. */
  public record Day(
      String day,
      long evaluations,
      long correct,
      long incorrect,
      long unusable,
      Double accuracy,
      Map<String, DayModel> byModel) {}

  /** One model version's judged answers on one day. */
  public record DayModel(long judged, long correct, Double accuracy) {}

  /** One model version's tally over the period. */
  public record ModelTally(
      String modelVersion,
      long evaluations,
      long correct,
      long incorrect,
      long unusable,
      Double accuracy) {}

  /** The confidence bins and the expected calibration error (null when none was judged). */
  public record Reliability(List<Bin> bins, Double ece) {}

  /** One confidence band: judged and correct answers, their accuracy and mean confidence. */
  public record Bin(
      String band,
      double lower,
      double upper,
      long judged,
      long correct,
      Double accuracy,
      Double meanConfidence) {}

  /** One class: true positives, how often predicted and how often the truth, precision, recall. */
  public record ClassFigures(
      String label,
      long truePositives,
      long predicted,
      long actual,
      Double precision,
      Double recall) {}

  /** {@code count} answers of {@code predicted} for images of {@code actual}. */
  public record Confusion(String actual, String predicted, long count) {}
}
