package dev.menagerie.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a run was taken on, from /proc, and how busy it was. */
public record Machine(String processor, int cores, String loadAverage, long memoryMib) {

  public static Machine current() {
    return new Machine(
        processorModel(),
        Runtime.getRuntime().availableProcessors(),
        currentLoadAverage(),
        totalMemoryMib());
  }

  static String processorModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  /** The 1, 5 and 15 minute load averages. */
  public static String currentLoadAverage() {
    try {
      List<String> parts = List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" "));
      return String.join(" ", parts.subList(0, 3));
    } catch (IOException e) {
      return "unknown";
    }
  }

  static long totalMemoryMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }

  /** Peak resident memory (VmHWM) of this process in KiB, or -1 where /proc is missing. */
  public static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }
}
