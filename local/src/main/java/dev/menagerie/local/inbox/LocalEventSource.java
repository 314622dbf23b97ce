package dev.menagerie.local.inbox;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.menagerie.local.cloud.FunctionLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's SQS event source mapping, locally: receives up to {@code batchSize} messages (waiting up
 * to the batching window to fill a batch), invokes the handler with an SQS event, deletes the
 * messages it did not report as failures (ReportBatchItemFailures) and lets the failed ones become
 * visible again. A handler that throws fails the whole batch, as on Lambda.
 */
public final class LocalEventSource {
  private static final Logger LOG = LoggerFactory.getLogger(LocalEventSource.class);

  private final LocalQueue queue;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final int batchSize;
  private final Duration batchingWindow;
  private final Supplier<com.amazonaws.services.lambda.runtime.Context> contexts;

  public LocalEventSource(
      LocalQueue queue,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      int batchSize,
      Duration batchingWindow,
      Supplier<com.amazonaws.services.lambda.runtime.Context> contexts) {
    this.queue = queue;
    this.handler = handler;
    this.batchSize = batchSize;
    this.batchingWindow = batchingWindow;
    this.contexts = contexts;
  }

  /** What one invocation did. */
  public record Invocation(int messages, int failed) {}

  /**
   * Receives one batch (waiting up to {@code wait}) and invokes the handler; empty: no messages.
   */
  public java.util.Optional<Invocation> pollOnce(Duration wait) throws InterruptedException {
    List<LocalQueue.Delivery> batch = new ArrayList<>(queue.receive(batchSize, wait));
    if (batch.isEmpty()) {
      return java.util.Optional.empty();
    }
    long windowEnd = System.nanoTime() + batchingWindow.toNanos();
    while (batch.size() < batchSize && System.nanoTime() < windowEnd) {
      List<LocalQueue.Delivery> more =
          queue.receive(
              batchSize - batch.size(),
              Duration.ofNanos(Math.max(0, windowEnd - System.nanoTime())));
      if (more.isEmpty()) {
        break;
      }
      batch.addAll(more);
    }
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (LocalQueue.Delivery delivery : batch) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId(delivery.message().messageId());
      message.setReceiptHandle(delivery.receiptHandle());
      message.setBody(delivery.message().body());
      message.setEventSource("aws:sqs");
      message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:" + queue.name());
      message.setAwsRegion("us-east-1");
      message.setAttributes(
          Map.of(
              "ApproximateReceiveCount",
              String.valueOf(delivery.message().receiveCount()),
              "SentTimestamp",
              String.valueOf(delivery.message().sentAtMillis())));
      records.add(message);
    }
    event.setRecords(records);
    Set<String> failed = new HashSet<>();
    com.amazonaws.services.lambda.runtime.Context context = contexts.get();
    // the failure is logged in the function's log, as Lambda's runtime does
    try (FunctionLogs.Scope in = FunctionLogs.in(context.getFunctionName())) {
      try {
        SQSBatchResponse response = handler.handleRequest(event, context);
        if (response != null && response.getBatchItemFailures() != null) {
          response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
      } catch (RuntimeException e) {
        LOG.error("the bulk handler threw; the whole batch of {} will be retried", batch.size(), e);
        batch.forEach(d -> failed.add(d.message().messageId()));
      }
    }
    for (LocalQueue.Delivery delivery : batch) {
      if (!failed.contains(delivery.message().messageId())) {
        queue.delete(delivery.receiptHandle());
      }
    }
    return java.util.Optional.of(new Invocation(batch.size(), failed.size()));
  }

  static String requestId() {
    return UUID.randomUUID().toString();
  }
}
