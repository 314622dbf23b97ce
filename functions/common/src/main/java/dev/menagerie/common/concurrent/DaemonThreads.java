package dev.menagerie.common.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/** Thread factories for pools that must never keep a JVM (a Lambda runtime, a CLI) from exiting. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Daemon threads, each named {@code name} (a thread dump shows which pool they serve). */
  public static ThreadFactory named(String name) {
    Objects.requireNonNull(name, "name");
    return work -> {
      Thread thread = new Thread(work, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
