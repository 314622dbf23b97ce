package dev.menagerie.tests.reliability;

import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * DynamoDB (and S3) faults on demand, for every SDK client in the test JVM: the SDK loads this
 * interceptor from {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the
 * test classpath, so the product's own clients (built inside the handlers) get it too. Unarmed it
 * does nothing. An armed fault fails matching attempts before they are sent, as a throttled or
 * timed-out call fails: nothing reaches the table, and the SDK's retry policy decides what happens
 * next.
 */
public final class InjectedFaults implements ExecutionInterceptor {
  /** What a failed attempt looks like to the SDK. */
  public enum Kind {
    /** HTTP 400 ProvisionedThroughputExceededException, as DynamoDB throttles. */
    THROTTLE,
    /** A socket read timeout. */
    TIMEOUT
  }

  /** One armed fault: which attempts it fails and how many more it may fail. */
  public static final class Fault {
    final String operation;
    final Predicate<DynamoDbRequest> matches;
    final Kind kind;
    final AtomicInteger remaining;
    final AtomicInteger injected = new AtomicInteger();

    Fault(String operation, Predicate<DynamoDbRequest> matches, Kind kind, int times) {
      this.operation = operation;
      this.matches = matches;
      this.kind = kind;
      this.remaining = new AtomicInteger(times);
    }

    /** How many attempts it has failed so far. */
    public int injected() {
      return injected.get();
    }
  }

  private static final List<Fault> ARMED = new CopyOnWriteArrayList<>();
  private static final List<Class<? extends SdkRequest>> EVERY_CALL = new CopyOnWriteArrayList<>();

  /** Fails the next {@code times} matching attempts of {@code operation} (e.g. "PutItem"). */
  public static Fault arm(
      String operation, Predicate<DynamoDbRequest> matches, Kind kind, int times) {
    Fault fault = new Fault(operation, matches, kind, times);
    ARMED.add(fault);
    return fault;
  }

  /**
   * Fails every attempt of every call to one service until disarmed: {@code DynamoDbRequest.class}
   * (throttled as DynamoDB throttles) or {@code S3Request.class} (503 SlowDown, as S3 throttles).
   */
  public static void armEveryCall(Class<? extends SdkRequest> service) {
    EVERY_CALL.add(service);
  }

  public static void disarmAll() {
    ARMED.clear();
    EVERY_CALL.clear();
  }

  /** A request on {@code table}. */
  public static Predicate<DynamoDbRequest> onTable(String table) {
    return request -> table.equals(tableName(request));
  }

  /** A PutItem on {@code table} whose item has a string attribute containing {@code text}. */
  public static Predicate<DynamoDbRequest> putOn(String table, String text) {
    return request ->
        request instanceof PutItemRequest put
            && table.equals(put.tableName())
            && put.item().values().stream()
                .map(AttributeValue::s)
                .anyMatch(s -> s != null && s.contains(text));
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    for (Class<? extends SdkRequest> service : EVERY_CALL) {
      if (service.isInstance(context.request())) {
        throw context.request() instanceof S3Request
            ? slowDown(operation)
            : failure(Kind.THROTTLE, operation);
      }
    }
    if (!(context.request() instanceof DynamoDbRequest request)) {
      return;
    }
    for (Fault fault : ARMED) {
      if (fault.operation.equals(operation)
          && fault.matches.test(request)
          && fault.remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
        fault.injected.incrementAndGet();
        throw failure(fault.kind, operation);
      }
    }
  }

  private static RuntimeException failure(Kind kind, String operation) {
    return switch (kind) {
      case THROTTLE ->
          ProvisionedThroughputExceededException.builder()
              .statusCode(400)
              .message("injected: the level of configured provisioned throughput was exceeded")
              .awsErrorDetails(
                  AwsErrorDetails.builder()
                      .errorCode("ProvisionedThroughputExceededException")
                      .errorMessage("injected throttling of " + operation)
                      .serviceName("DynamoDb")
                      .build())
              .build();
      case TIMEOUT ->
          SdkClientException.builder()
              .message("injected: unable to execute HTTP request: Read timed out")
              .cause(new SocketTimeoutException("Read timed out"))
              .build();
    };
  }

  private static RuntimeException slowDown(String operation) {
    return S3Exception.builder()
        .statusCode(503)
        .message("injected: please reduce your request rate")
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode("SlowDown")
                .errorMessage("injected throttling of " + operation)
                .serviceName("S3")
                .build())
        .build();
  }

  private static String tableName(DynamoDbRequest request) {
    return request.getValueForField("TableName", String.class).orElse("");
  }
}
