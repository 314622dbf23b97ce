package dev.menagerie.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed values from an environment map and collects every problem, so a misconfigured
 * function fails at init with one message naming all the bad variables.
 */
public final class Settings {
  private final Map<String, String> environment;
  private final List<String> problems = new ArrayList<>();

  public Settings(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public String required(String name) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      problems.add(name + " is required but not set");
      return "";
    }
    return value.trim();
  }

  public Optional<String> optional(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String optional(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  public long longValue(String name, long fallback, long min, long max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.get());
      if (value < min || value > max) {
        problems.add(name + "=" + raw.get() + " is outside " + min + ".." + max);
        return fallback;
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(name + "=" + raw.get() + " is not a whole number");
      return fallback;
    }
  }

  public int intValue(String name, int fallback, int min, int max) {
    return (int) longValue(name, fallback, min, max);
  }

  public double decimal(String name, double fallback, double min, double max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(raw.get());
      if (!(value >= min && value <= max)) {
        problems.add(name + "=" + raw.get() + " is outside " + min + ".." + max);
        return fallback;
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(name + "=" + raw.get() + " is not a number");
      return fallback;
    }
  }

  public Optional<URI> uri(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw.get());
      if (uri.getScheme() == null || uri.getHost() == null) {
        problems.add(name + "=" + raw.get() + " is not an absolute URL");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      problems.add(name + "=" + raw.get() + " is not a URL: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Throws {@link ConfigurationException} listing every problem seen so far, if any. */
  public void validate(String what) {
    if (!problems.isEmpty()) {
      throw new ConfigurationException(what + " is misconfigured: " + String.join("; ", problems));
    }
  }
}
