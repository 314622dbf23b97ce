package dev.menagerie.bulk.filter;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A filter's parameters (query string or JSON body), read with checks that name the bad value. */
final class Params {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,127}");

  private final Map<String, String> values;

  Params(Map<String, String> values) {
    this.values = values == null ? Map.of() : Map.copyOf(values);
  }

  Map<String, String> asMap() {
    return values;
  }

  Optional<String> name(String key) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (!NAME.matcher(value).matches()) {
      throw invalid(key + "=" + value + " is not a valid name (letters, digits, . _ - and space)");
    }
    return Optional.of(value);
  }

  String requiredName(String key) {
    return name(key).orElseThrow(() -> invalid(key + " is required"));
  }

  double number(String key, double fallback, double min, double max) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(value);
      if (Double.isNaN(d) || d < min || d > max) {
        throw invalid(key + "=" + value + " is outside " + min + ".." + max);
      }
      return d;
    } catch (NumberFormatException e) {
      throw invalid(key + "=" + value + " is not a number");
    }
  }

  int integer(String key, int fallback, int min, int max) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int i = Integer.parseInt(value);
      if (i < min || i > max) {
        throw invalid(key + "=" + value + " is outside " + min + ".." + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw invalid(key + "=" + value + " is not a whole number");
    }
  }

  boolean flag(String key, boolean fallback) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key + "=" + value + " is not true or false");
    };
  }

  static MenagerieException invalid(String message) {
    return new MenagerieException(ErrorCode.INVALID_PARAMETER, message);
  }
}
