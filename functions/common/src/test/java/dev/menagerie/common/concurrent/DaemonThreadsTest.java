package dev.menagerie.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  @Test
  void named_shouldMakeDaemonThreadsOfThatName() {
    Thread thread = DaemonThreads.named("jpeg-resize").newThread(() -> {});

    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("jpeg-resize");
  }
}
