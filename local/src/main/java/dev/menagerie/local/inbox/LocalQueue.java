package dev.menagerie.local.inbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A standard SQS queue in the JVM, with the semantics the bulk flow depends on: a received message
 * is invisible for the visibility timeout and comes back unless deleted; each receive counts, and a
 * message received more than {@code maxReceiveCount} times moves to the dead-letter queue instead
 * of being delivered again (as SQS's redrive policy does).
 *
 * <p>Why not moto's SQS in server mode: S3Mock already holds the bucket and sends no notifications,
 * so a poller is needed either way; moto would add a Python process, a port and HTTP round trips
 * without adding any behaviour the tests rely on, and its state would not survive a restart any
 * more than this one does (the inbox watcher re-announces the inbox, and identification is
 * idempotent, so nothing is lost).
 */
public final class LocalQueue {
  private final String name;
  private final Duration visibilityTimeout;
  private final int maxReceiveCount;
  private final LocalQueue deadLetters;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final Deque<Message> visible = new ArrayDeque<>();
  private final Map<String, InFlight> inFlight = new LinkedHashMap<>();

  /** A message as delivered: its id, the receipt that deletes this delivery, and its body. */
  public record Message(String messageId, String body, int receiveCount, long sentAtMillis) {}

  /** A delivery: the message and the receipt handle that acknowledges it. */
  public record Delivery(Message message, String receiptHandle) {}

  private record InFlight(Message message, long visibleAgainAtNanos) {}

  /** A queue without a dead-letter queue (maxReceiveCount is then ignored). */
  public LocalQueue(String name, Duration visibilityTimeout) {
    this(name, visibilityTimeout, Integer.MAX_VALUE, null);
  }

  public LocalQueue(
      String name, Duration visibilityTimeout, int maxReceiveCount, LocalQueue deadLetters) {
    this.name = name;
    this.visibilityTimeout = visibilityTimeout;
    this.maxReceiveCount = maxReceiveCount;
    this.deadLetters = deadLetters;
  }

  public String name() {
    return name;
  }

  public String send(String body) {
    Message message =
        new Message(UUID.randomUUID().toString(), body, 0, System.currentTimeMillis());
    enqueue(message);
    return message.messageId();
  }

  private void enqueue(Message message) {
    lock.lock();
    try {
      visible.addLast(message);
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Up to {@code max} messages, waiting up to {@code wait} for the first (long polling). Messages
   * whose visibility timeout has passed are visible again first.
   */
  public List<Delivery> receive(int max, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    lock.lock();
    try {
      while (true) {
        returnExpired();
        List<Delivery> out = new ArrayList<>();
        while (out.size() < max && !visible.isEmpty()) {
          Message next = visible.pollFirst();
          if (deadLetters != null && next.receiveCount() >= maxReceiveCount) {
            deadLetters.enqueue(new Message(next.messageId(), next.body(), 0, next.sentAtMillis()));
            continue;
          }
          Message received =
              new Message(
                  next.messageId(), next.body(), next.receiveCount() + 1, next.sentAtMillis());
          String receipt = UUID.randomUUID().toString();
          inFlight.put(
              receipt, new InFlight(received, System.nanoTime() + visibilityTimeout.toNanos()));
          out.add(new Delivery(received, receipt));
        }
        long left = deadline - System.nanoTime();
        if (!out.isEmpty() || left <= 0) {
          return out;
        }
        available.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Acknowledges a delivery; false when its receipt is no longer valid (it timed out). */
  public boolean delete(String receiptHandle) {
    lock.lock();
    try {
      return inFlight.remove(receiptHandle) != null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes a delivery visible again now (a failed batch item whose timeout we need not wait for).
   */
  public void release(String receiptHandle, Duration after) {
    lock.lock();
    try {
      InFlight flight = inFlight.get(receiptHandle);
      if (flight != null) {
        inFlight.put(
            receiptHandle, new InFlight(flight.message(), System.nanoTime() + after.toNanos()));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Visible plus in-flight messages. */
  public int size() {
    lock.lock();
    try {
      return visible.size() + inFlight.size();
    } finally {
      lock.unlock();
    }
  }

  /** The bodies of the visible messages (for the dead-letter queue's owner to inspect). */
  public List<String> peekBodies() {
    lock.lock();
    try {
      return visible.stream().map(Message::body).toList();
    } finally {
      lock.unlock();
    }
  }

  private void returnExpired() {
    long now = System.nanoTime();
    var it = inFlight.entrySet().iterator();
    while (it.hasNext()) {
      InFlight flight = it.next().getValue();
      if (flight.visibleAgainAtNanos() - now <= 0) {
        it.remove();
        visible.addLast(flight.message());
      }
    }
  }
}
