package dev.menagerie.reports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.reports.rollup.Rollup;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The daily rollup. On its EventBridge schedule (the event is ignored) it rolls up every recent day
 * not rolled yet and every day a late evaluation changed. Invoked on demand with {@code
 * {"from":"2026-11-01","to":"2026-11-28"}} it rolls those past days again, whatever their state.
 */
public final class RollupHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private static final Logger LOG = LoggerFactory.getLogger(RollupHandler.class);

  private final Rollup rollup;

  public RollupHandler() {
    this(System.getenv());
  }

  public RollupHandler(Map<String, String> environment) {
    this(ReportsConfig.fromEnvironment(environment), null, Clock.systemUTC());
  }

  public RollupHandler(Map<String, String> environment, DynamoDbClient dynamo, Clock clock) {
    this(ReportsConfig.fromEnvironment(environment), dynamo, clock);
  }

  private RollupHandler(ReportsConfig config, DynamoDbClient dynamo, Clock clock) {
    this.rollup =
        Reporting.create(config, dynamo == null ? AwsClients.dynamoDb(config.aws()) : dynamo, clock)
            .rollup();
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    List<LocalDate> days;
    if (event != null && (event.containsKey("from") || event.containsKey("to"))) {
      LocalDate from = date(event, "from");
      LocalDate to = event.containsKey("to") ? date(event, "to") : from;
      days = rollup.run(from, to);
    } else {
      days = rollup.run();
    }
    LOG.info("rolled up {} day(s): {}", days.size(), days);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("rolledUp", days.stream().map(LocalDate::toString).toList());
    return result;
  }

  private static LocalDate date(Map<String, Object> event, String name) {
    try {
      return LocalDate.parse(String.valueOf(event.get(name)));
    } catch (DateTimeParseException e) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, name + " must be a date (YYYY-MM-DD): " + event.get(name));
    }
  }
}
