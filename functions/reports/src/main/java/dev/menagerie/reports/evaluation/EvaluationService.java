package dev.menagerie.reports.evaluation;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.store.DaySharding;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.common.store.TransactionStore;
import dev.menagerie.reports.rollup.ConfidenceBand;
import dev.menagerie.reports.rollup.RollupStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Records manual evaluations (one, or a CSV session) and picks transactions to evaluate next. */
public final class EvaluationService {
  public static final int MAX_SAMPLE_DAYS = 31;
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}@._:/+ -]{1,200}");
  private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}._ -]{1,100}");

  private final TransactionStore transactions;
  private final EvaluationStore evaluations;
  private final RollupStore rollups;
  private final Clock clock;

  public EvaluationService(
      TransactionStore transactions,
      EvaluationStore evaluations,
      RollupStore rollups,
      Clock clock) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.evaluations = Objects.requireNonNull(evaluations, "evaluations");
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What an evaluator sends. */
  public record Submission(String verdict, String correctLabel, String evaluator) {}

  /**
   * Records (or replaces) {@code evaluator}'s verdict on a transaction. The transaction must exist
   * and have a prediction; an incorrect verdict must name the correct label.
   */
  public Evaluation record(String requestId, Submission submission) {
    if (requestId == null || requestId.isBlank() || requestId.length() > 200) {
      throw new MenagerieException(ErrorCode.INVALID_PARAMETER, "requestId is missing or too long");
    }
    Verdict verdict = Verdict.parse(submission.verdict());
    String evaluator = Optional.ofNullable(submission.evaluator()).map(String::trim).orElse("");
    if (!NAME.matcher(evaluator).matches()) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          "evaluator must be 1..200 letters, digits, spaces or @._:/+-, got '" + evaluator + "'");
    }
    Optional<String> correctLabel =
        Optional.ofNullable(submission.correctLabel()).map(String::trim).filter(l -> !l.isEmpty());
    if (verdict == Verdict.INCORRECT && correctLabel.isEmpty()) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "an incorrect verdict needs correctLabel");
    }
    if (verdict != Verdict.INCORRECT && correctLabel.isPresent()) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "correctLabel is only for an incorrect verdict");
    }
    if (correctLabel.isPresent() && !LABEL.matcher(correctLabel.get()).matches()) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "correctLabel '" + correctLabel.get() + "' is not a label");
    }
    Transaction t =
        transactions
            .get(requestId)
            .orElseThrow(
                () ->
                    new MenagerieException(
                        ErrorCode.NOT_FOUND, "no transaction with requestId " + requestId));
    Prediction top =
        t.top()
            .orElseThrow(
                () ->
                    new MenagerieException(
                        ErrorCode.CONFLICT,
                        "transaction " + requestId + " failed and has no prediction to evaluate"));
    if (correctLabel.isPresent() && correctLabel.get().equals(top.label())) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          "correctLabel equals the predicted label " + top.label() + "; the verdict is correct");
    }
    LocalDate day = DaySharding.day(t.createdAt());
    Evaluation evaluation =
        new Evaluation(
            requestId,
            evaluator,
            verdict,
            correctLabel,
            clock.instant(),
            day,
            t.modelVersion().orElse("(none)"),
            top.label(),
            top.confidence());
    evaluations.put(evaluation);
    if (day.isBefore(today())) {
      rollups.markDirty(day);
    }
    return evaluation;
  }

  /** The outcome of a CSV import: how many rows were recorded, and each rejected row's reason. */
  public record ImportResult(int recorded, List<Map<String, Object>> rejected) {}

  /**
   * Imports a CSV with the header {@code requestId,verdict,correctLabel,evaluator} (any order;
   * evaluator may be left out when {@code defaultEvaluator} is given). Rows are independent: a bad
   * row is reported and the others are recorded. Re-importing the same file changes nothing.
   */
  public ImportResult importCsv(String csv, Optional<String> defaultEvaluator) {
    List<List<String>> rows = Csv.parse(csv);
    if (rows.isEmpty()) {
      throw new MenagerieException(ErrorCode.EMPTY_BODY, "the CSV has no header row");
    }
    List<String> header = rows.get(0).stream().map(String::trim).toList();
    int id = header.indexOf("requestId");
    int verdict = header.indexOf("verdict");
    int label = header.indexOf("correctLabel");
    int evaluator = header.indexOf("evaluator");
    if (id < 0 || verdict < 0 || (evaluator < 0 && defaultEvaluator.isEmpty())) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          "the CSV header must name requestId, verdict, correctLabel (optional) and evaluator;"
              + " got "
              + header);
    }
    int recorded = 0;
    List<Map<String, Object>> rejected = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.stream().allMatch(String::isBlank)) {
        continue;
      }
      try {
        record(
            cell(row, id),
            new Submission(
                cell(row, verdict),
                cell(row, label),
                evaluator < 0 || cell(row, evaluator).isBlank()
                    ? defaultEvaluator.orElse("")
                    : cell(row, evaluator)));
        recorded++;
      } catch (MenagerieException e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("line", r + 1);
        problem.put("requestId", cell(row, id));
        problem.put("code", e.code().name());
        problem.put("message", e.getMessage());
        rejected.add(problem);
      }
    }
    return new ImportResult(recorded, rejected);
  }

  private static String cell(List<String> row, int index) {
    return index >= 0 && index < row.size() ? row.get(index).trim() : "";
  }

  /** A stratum of the sample: one model version and one confidence band. */
  public record Stratum(
      String modelVersion, String band, int notEvaluated, List<Transaction> picked) {}

  /**
   * Successful transactions of the days {@code from..to} that nobody has evaluated, grouped by
   * (model version, confidence band), up to {@code perStratum} from each. The pick within a stratum
   * is a pseudo-random but repeatable order (a hash of the request id and the seed), so two
   * evaluators with different seeds get different transactions.
   */
  public List<Stratum> sample(
      LocalDate from, LocalDate to, Optional<String> model, int perStratum, long seed) {
    if (to.isBefore(from)) {
      throw new MenagerieException(ErrorCode.INVALID_PARAMETER, "to is before from");
    }
    if (from.plusDays(MAX_SAMPLE_DAYS).isBefore(to.plusDays(1))) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "a sample covers at most " + MAX_SAMPLE_DAYS + " days");
    }
    Map<String, List<Transaction>> strata = new TreeMap<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      Set<String> evaluated = new HashSet<>();
      evaluations.listDay(day).forEach(e -> evaluated.add(e.requestId()));
      for (Transaction t : transactions.listDay(day)) {
        if (t.top().isEmpty() || t.modelVersion().isEmpty() || evaluated.contains(t.requestId())) {
          continue;
        }
        if (model.isPresent() && !model.get().equals(t.modelVersion().get())) {
          continue;
        }
        String key = t.modelVersion().get() + "\n" + ConfidenceBand.of(t.top().get().confidence());
        strata.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
      }
    }
    List<Stratum> result = new ArrayList<>();
    strata.forEach(
        (key, members) -> {
          String[] parts = key.split("\n", 2);
          List<Transaction> picked =
              members.stream()
                  .sorted(
                      Comparator.comparingLong((Transaction t) -> mix(t.requestId(), seed))
                          .thenComparing(Transaction::requestId))
                  .limit(perStratum)
                  .toList();
          result.add(new Stratum(parts[0], parts[1], members.size(), picked));
        });
    return result;
  }

  private static long mix(String id, long seed) {
    long h = seed * 0x9E3779B97F4A7C15L + id.hashCode();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }
}
