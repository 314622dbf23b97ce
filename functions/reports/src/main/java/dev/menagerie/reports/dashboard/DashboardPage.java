package dev.menagerie.reports.dashboard;

import static dev.menagerie.reports.dashboard.Svg.esc;

import dev.menagerie.reports.report.AccuracyReport;
import dev.menagerie.reports.report.ModelsReport;
import dev.menagerie.reports.report.ReportPeriodFigures;
import dev.menagerie.reports.report.UsageReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The manager's dashboard: one HTML page drawn from the usage, accuracy and models reports (the
 * same records the JSON routes serialise, so the page and the API cannot disagree, and a renamed
 * field is a compile error here rather than a blank chart). Charts are inline SVG; there is no
 * script and nothing to fetch, so it works offline and saved as a file. Figures carry {@code
 * data-figure} attributes so tests (and scrapers) read them without parsing prose.
 */
public final class DashboardPage {
  private DashboardPage() {}

  public static String render(UsageReport usage, AccuracyReport accuracy, ModelsReport models) {
    ReportPeriodFigures period = usage.period();
    StringBuilder html = new StringBuilder(32_768);
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Menagerie dashboard</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    html.append("<header><h1>Menagerie</h1><p class=\"sub\">Usage and performance of the")
        .append(" image classifier, ")
        .append(esc(period.from()))
        .append(" to ")
        .append(esc(period.to()))
        .append(" (UTC)")
        .append(period.model() == null ? "" : ", model " + esc(period.model()))
        .append("</p>");
    filterForm(html, period, models);
    html.append("</header><main>");
    summary(html, usage, accuracy);
    // one colour per model version on every chart
    List<String> versions = new ArrayList<>(usage.totals().byModel().keySet());
    UsageCharts.requests(html, usage, versions);
    UsageCharts.latency(html, usage);
    AccuracyCharts.perDay(html, accuracy, versions);
    AccuracyCharts.reliability(html, accuracy);
    DashboardTables.cost(html, usage);
    DashboardTables.classes(html, accuracy);
    ModelTimeline.draw(html, models);
    DashboardTables.runs(html, models);
    html.append("</main><footer>Past days from the daily rollups (")
        .append(esc(period.rolledUpDays()))
        .append(" days); read live: ")
        .append(esc(String.join(", ", period.liveDays())))
        .append(
            period.missingDays().isEmpty()
                ? ""
                : "; not rolled up yet: " + esc(String.join(", ", period.missingDays())))
        .append(". JSON and CSV: /reports/usage, /reports/accuracy, /reports/models.</footer>")
        .append("</body></html>");
    return html.toString();
  }

  private static void filterForm(
      StringBuilder html, ReportPeriodFigures period, ModelsReport models) {
    html.append("<form method=\"get\" action=\"\" id=\"filters\">")
        .append("<label>From <input type=\"date\" name=\"from\" value=\"")
        .append(esc(period.from()))
        .append("\"></label> <label>To <input type=\"date\" name=\"to\" value=\"")
        .append(esc(period.to()))
        .append("\"></label> <label>Model <select name=\"model\"><option value=\"\">all</option>");
    for (ModelsReport.Model m : models.models()) {
      String v = m.version();
      html.append("<option value=\"")
          .append(esc(v))
          .append("\"")
          .append(v.equals(period.model()) ? " selected" : "")
          .append(">")
          .append(esc(v))
          .append("</option>");
    }
    html.append("</select></label> <button type=\"submit\">Show</button></form>");
  }

  private static void summary(StringBuilder html, UsageReport usage, AccuracyReport accuracy) {
    UsageReport.Totals totals = usage.totals();
    UsageReport.Latency latency = usage.latencyMs();
    UsageReport.Cost cost = usage.cost();
    AccuracyReport.Tally acc = accuracy.totals();
    html.append("<section class=\"wide cards\" id=\"summary\">");
    card(html, "requests", "Requests", Fields.count(totals.requests()));
    card(html, "errors", "Errors", Fields.count(totals.errors()));
    card(html, "latency-p50", "Latency p50 (ms)", Fields.count(latency.p50()));
    card(html, "latency-p95", "Latency p95 (ms)", Fields.count(latency.p95()));
    card(html, "latency-p99", "Latency p99 (ms)", Fields.count(latency.p99()));
    card(html, "evaluations", "Evaluations", Fields.count(acc.evaluations()));
    card(html, "accuracy", "Accuracy", Fields.percent(acc.accuracy()));
    card(html, "ece", "Calibration error (ECE)", accuracy.reliability().ece());
    card(html, "cost-total", "Estimated cost", Fields.usd(cost.totalUsd()));
    card(html, "cost-per-1000", "Cost per 1,000 requests", Fields.usd(cost.per1000Usd()));
    html.append("</section>");
  }

  private static void card(StringBuilder html, String id, String title, Object value) {
    html.append("<div class=\"card\"><div class=\"label\">").append(esc(title)).append("</div>");
    Svg.tag(html, "div", Fields.shown(value), "class", "value", "data-figure", id);
    html.append("</div>");
  }

  private static final String CSS =
      """
      :root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;\
      background:#f9fafb}
      body{margin:0}header{background:#111827;color:#f9fafb;padding:16px 24px}
      header h1{margin:0;font-size:22px}.sub{margin:4px 0 12px;color:#d1d5db}
      form label{margin-right:12px;font-size:14px}form input,form select,form button{font:inherit}
      main{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;\
      padding:16px 24px}
      section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px}
      section.wide{grid-column:1/-1}h2{font-size:16px;margin:0 0 8px}h3{font-size:14px}
      .cards{display:flex;flex-wrap:wrap;gap:12px}.card{min-width:120px;padding:8px 12px;\
      border-radius:6px;background:#f3f4f6}
      .card .label{font-size:12px;color:#4b5563}.card .value{font-size:22px;font-weight:600}
      table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;\
      padding:4px 8px;border-bottom:1px solid #e5e7eb}td.num{text-align:right;\
      font-variant-numeric:tabular-nums}
      .axis{font-size:11px;fill:#6b7280}.note{font-size:12px;fill:#4b5563;color:#4b5563}
      .empty{fill:#9ca3af;color:#9ca3af}.legend span{margin-right:14px;font-size:12px}
      .legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
      .status-failed{color:#dc2626}.status-succeeded{color:#16a34a}
      footer{padding:8px 24px 24px;font-size:12px;color:#6b7280}
      """;
}
