package dev.menagerie.reports;

import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.DynamoTransactionStore;
import dev.menagerie.reports.evaluation.DynamoEvaluationStore;
import dev.menagerie.reports.evaluation.EvaluationService;
import dev.menagerie.reports.report.DailyAggregates;
import dev.menagerie.reports.report.PromotionHistory;
import dev.menagerie.reports.report.Reports;
import dev.menagerie.reports.rollup.Rollup;
import dev.menagerie.reports.rollup.RollupStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The reports side wired together over one DynamoDB client: evaluations, rollups and reports. The
 * functions, the local cloud and the CLI all build it the same way.
 */
public record Reporting(EvaluationService evaluations, Rollup rollup, Reports reports) {

  public static Reporting create(ReportsConfig config, DynamoDbClient dynamo, Clock clock) {
    DynamoTransactionStore transactions =
        new DynamoTransactionStore(dynamo, config.transactionsTable());
    DynamoEvaluationStore evaluationStore =
        new DynamoEvaluationStore(dynamo, config.evaluationsTable());
    RollupStore rollups = new RollupStore(dynamo, config.rollupsTable());
    Rollup rollup =
        new Rollup(transactions, evaluationStore, rollups, clock, config.rollupLookbackDays());
    Reports reports =
        new Reports(
            new DailyAggregates(rollups, rollup, clock),
            new DynamoModelRegistry(dynamo, config.modelsTable(), clock),
            new PromotionHistory(dynamo, config.modelsTable()),
            new DynamoRunStore(dynamo, config.runsTable()),
            config.cost());
    return new Reporting(
        new EvaluationService(transactions, evaluationStore, rollups, clock), rollup, reports);
  }
}
