package dev.menagerie.local.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parsed command-line words: positionals, {@code --flag}s and {@code --option value}s. */
final class Arguments {
  private final List<String> positionals = new ArrayList<>();
  private final Map<String, List<String>> options = new LinkedHashMap<>();

  /** Parses {@code words}; {@code flags} take no value, {@code valued} take one. */
  static Arguments parse(List<String> words, Set<String> flags, Set<String> valued) {
    Arguments parsed = new Arguments();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (word.startsWith("--")) {
        String name = word;
        String value = null;
        int eq = word.indexOf('=');
        if (eq > 0) {
          name = word.substring(0, eq);
          value = word.substring(eq + 1);
        }
        if (flags.contains(name) && value == null) {
          parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= words.size()) {
              throw new UsageException(name + " needs a value");
            }
            value = words.get(++i);
          }
          parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        } else {
          List<String> known = new ArrayList<>(flags);
          known.addAll(valued);
          throw new UsageException("unknown option " + name + "; expected one of " + known);
        }
      } else {
        parsed.positionals.add(word);
      }
    }
    return parsed;
  }

  List<String> positionals() {
    return positionals;
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  Optional<String> value(String name) {
    List<String> values = options.get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  List<String> values(String name) {
    return options.getOrDefault(name, List.of());
  }

  int intValue(String name, int fallback, int min, int max) {
    Optional<String> raw = value(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value < min || value > max) {
        throw new UsageException(name + " must be from " + min + " to " + max + ", was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a whole number, was '" + raw.get() + "'");
    }
  }
}
