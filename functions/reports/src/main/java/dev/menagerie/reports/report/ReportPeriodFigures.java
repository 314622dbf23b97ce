package dev.menagerie.reports.report;

import java.util.List;

/**
 * The period a report covers, as every report states it: the days, the model it is limited to (null
 * for all), how many days came from rollups, and the days read live or not rolled up yet.
 */
public record ReportPeriodFigures(
    String from,
    String to,
    String model,
    int rolledUpDays,
    List<String> liveDays,
    List<String> missingDays) {}
