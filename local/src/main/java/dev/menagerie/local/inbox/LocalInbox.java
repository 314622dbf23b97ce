package dev.menagerie.local.inbox;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.menagerie.local.api.LocalContext;
import dev.menagerie.local.cloud.FunctionLogs;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.template.Template;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template's inbox wiring, locally: the bucket's queue notification (prefix filter), the queue
 * with its redrive policy (maxReceiveCount, dead-letter queue) and the Lambda event source mapping
 * (batch size, batching window, the function) are read from template.yaml; S3 notifications come
 * from an {@link InboxWatcher}, the queue is a {@link LocalQueue}, the mapping a {@link
 * LocalEventSource}. Visibility timeout and batching window are shortened (see {@link Options}) so
 * that a local session answers within seconds; the batch size and redrive count are the template's.
 */
public final class LocalInbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalInbox.class);

  /** Local timings. */
  public record Options(
      Duration pollInterval, Duration visibilityTimeout, Duration batchingWindow) {
    /**
     * For `./menagerie up`: notice new objects within half a second; a failed message comes back
     * after 10 s (longer than a local batch takes, so a slow batch is not delivered twice).
     */
    public static Options interactive() {
      return new Options(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMillis(300));
    }
  }

  /** What the template says about the inbox wiring. */
  public record Wiring(
      String queueId,
      String deadLetterQueueId,
      int maxReceiveCount,
      String functionId,
      String handlerClass,
      int batchSize,
      String prefix) {}

  private final LocalQueue queue;
  private final LocalQueue deadLetters;
  private final InboxWatcher watcher;
  private final LocalEventSource source;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final Options options;
  private final Wiring wiring;
  private volatile Thread thread;

  private LocalInbox(
      Wiring wiring,
      LocalQueue queue,
      LocalQueue deadLetters,
      InboxWatcher watcher,
      LocalEventSource source,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      Options options) {
    this.wiring = wiring;
    this.queue = queue;
    this.deadLetters = deadLetters;
    this.watcher = watcher;
    this.source = source;
    this.handler = handler;
    this.options = options;
  }

  /** Builds the wiring; nothing runs until {@link #start()} or {@link #drain(Duration)}. */
  public static LocalInbox create(
      LocalCloud cloud, Map<String, String> extraEnvironment, Options options) {
    Wiring wiring = wiring(cloud.resources().template());
    Map<String, String> environment =
        new LinkedHashMap<>(cloud.functionEnvironment(wiring.functionId()));
    environment.putAll(extraEnvironment);
    RequestHandler<SQSEvent, SQSBatchResponse> handler;
    try (FunctionLogs.Scope in = FunctionLogs.in(wiring.functionId())) {
      handler = instantiate(wiring.handlerClass(), environment);
    }
    LocalQueue deadLetters = new LocalQueue(wiring.deadLetterQueueId(), Duration.ofSeconds(30));
    LocalQueue queue =
        new LocalQueue(
            wiring.queueId(), options.visibilityTimeout(), wiring.maxReceiveCount(), deadLetters);
    String bucket = cloud.resources().bucketNames().get(0);
    InboxWatcher watcher = new InboxWatcher(cloud.s3(), bucket, wiring.prefix(), queue);
    LocalEventSource source =
        new LocalEventSource(
            queue,
            handler,
            wiring.batchSize(),
            options.batchingWindow(),
            () -> new LocalContext(UUID.randomUUID().toString(), wiring.functionId(), 3008));
    return new LocalInbox(wiring, queue, deadLetters, watcher, source, handler, options);
  }

  public Wiring wiring() {
    return wiring;
  }

  public LocalQueue queue() {
    return queue;
  }

  public LocalQueue deadLetters() {
    return deadLetters;
  }

  public InboxWatcher watcher() {
    return watcher;
  }

  public LocalEventSource eventSource() {
    return source;
  }

  /** Watches and delivers on a background thread until closed. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread =
        new Thread(
            () -> {
              long nextPoll = 0;
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  if (System.nanoTime() - nextPoll >= 0) {
                    watcher.poll();
                    nextPoll = System.nanoTime() + options.pollInterval().toNanos();
                  }
                  source.pollOnce(options.pollInterval());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  LOG.warn("local inbox: {}", e.getMessage(), e);
                }
              }
            },
            "local-inbox");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Announces the inbox and delivers until the queue is empty (failed messages included, until they
   * are deleted or dead-lettered) or {@code timeout} passes. Returns whether the queue emptied.
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    watcher.poll();
    while (System.nanoTime() < deadline) {
      if (queue.size() == 0) {
        return true;
      }
      source.pollOnce(Duration.ofMillis(100));
    }
    return queue.size() == 0;
  }

  static Wiring wiring(Template template) {
    List<String> mappings = template.resourcesOfType("AWS::Lambda::EventSourceMapping");
    for (String mappingId : mappings) {
      Map<String, Object> mapping = template.properties(mappingId);
      String queueId = logicalId(mapping.get("EventSourceArn"));
      if (!template.hasResource(queueId)
          || !template.resourceType(queueId).equals("AWS::SQS::Queue")) {
        continue;
      }
      String functionId = logicalId(mapping.get("FunctionName"));
      Map<String, Object> queue = template.properties(queueId);
      Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
      String deadLetterId = logicalId(redrive.get("deadLetterTargetArn"));
      int maxReceive = Integer.parseInt(String.valueOf(redrive.getOrDefault("maxReceiveCount", 5)));
      int batchSize = Integer.parseInt(String.valueOf(mapping.getOrDefault("BatchSize", 10)));
      String prefix = notificationPrefix(template, queueId).orElse("");
      return new Wiring(
          queueId,
          deadLetterId,
          maxReceive,
          functionId,
          template.handlerClass(functionId),
          batchSize,
          prefix);
    }
    throw new IllegalArgumentException("template.yaml has no SQS event source mapping");
  }

  /** The key prefix of the bucket notification that targets the queue. */
  private static Optional<String> notificationPrefix(Template template, String queueId) {
    for (String bucketId : template.resourcesOfType("AWS::S3::Bucket")) {
      Map<String, Object> notifications =
          map(template.properties(bucketId).get("NotificationConfiguration"));
      for (Object q : list(notifications.get("QueueConfigurations"))) {
        Map<String, Object> config = map(q);
        if (!queueId.equals(logicalId(config.get("Queue")))) {
          continue;
        }
        for (Object r : list(map(map(config.get("Filter")).get("S3Key")).get("Rules"))) {
          Map<String, Object> rule = map(r);
          if ("prefix".equalsIgnoreCase(String.valueOf(rule.get("Name")))) {
            return Optional.of(String.valueOf(rule.get("Value")));
          }
        }
        return Optional.of("");
      }
    }
    return Optional.empty();
  }

  /** The logical id in {@code !Ref X}, {@code !GetAtt X.Arn} or {@code !GetAtt [X, Arn]}. */
  private static String logicalId(Object value) {
    Map<String, Object> intrinsic = map(value);
    Object argument =
        intrinsic.containsKey("Ref")
            ? intrinsic.get("Ref")
            : intrinsic.containsKey("Fn::GetAtt") ? intrinsic.get("Fn::GetAtt") : value;
    String text =
        argument instanceof List<?> parts ? String.valueOf(parts.get(0)) : String.valueOf(argument);
    int dot = text.indexOf('.');
    return dot < 0 ? text : text.substring(0, dot);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }

  @SuppressWarnings("unchecked")
  private static RequestHandler<SQSEvent, SQSBatchResponse> instantiate(
      String className, Map<String, String> environment) {
    try {
      return (RequestHandler<SQSEvent, SQSBatchResponse>)
          Class.forName(className).getConstructor(Map.class).newInstance(environment);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "handler " + className + " failed at init: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "handler " + className + " cannot be created locally: " + e, e);
    }
  }

  @Override
  public synchronized void close() {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
    if (handler instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("closing the bulk handler failed", e);
      }
    }
  }
}
