package dev.menagerie.bulk.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.store.Identification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A filter's matches as a manifest: JSON Lines (one object per image) or CSV (one row each). */
public final class Manifest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The formats, by their file extension. */
  public enum Format {
    JSONL,
    CSV;

    public String extension() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String contentType() {
      return this == JSONL ? "application/x-ndjson" : "text/csv";
    }

    public static Format of(String value) {
      return switch (value == null ? "jsonl" : value.toLowerCase(Locale.ROOT)) {
        case "jsonl", "json-lines", "ndjson" -> JSONL;
        case "csv" -> CSV;
        default -> throw Params.invalid("format=" + value + " is not jsonl or csv");
      };
    }
  }

  private Manifest() {}

  /** One match as the API and the JSON Lines manifest show it. */
  public static Map<String, Object> entry(Identification id) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("key", id.objectKey());
    entry.put("collection", id.collection());
    id.top()
        .ifPresent(
            top -> {
              entry.put("label", top.label());
              entry.put("confidence", top.confidence());
            });
    List<Map<String, Object>> topK = new ArrayList<>();
    for (Prediction p : id.topK()) {
      Map<String, Object> prediction = new LinkedHashMap<>();
      prediction.put("label", p.label());
      prediction.put("confidence", p.confidence());
      topK.add(prediction);
    }
    entry.put("topK", topK);
    entry.put("modelVersion", id.modelVersion());
    entry.put("etag", id.etag());
    entry.put("identifiedAt", id.identifiedAt().toString());
    id.runId().ifPresent(r -> entry.put("runId", r));
    return entry;
  }

  public static byte[] render(List<Identification> items, Format format) {
    StringBuilder out = new StringBuilder();
    if (format == Format.CSV) {
      out.append("key,collection,label,confidence,modelVersion,etag\n");
      for (Identification id : items) {
        out.append(csv(id.objectKey()))
            .append(',')
            .append(csv(id.collection()))
            .append(',')
            .append(csv(id.top().map(Prediction::label).orElse("")))
            .append(',')
            .append(id.top().map(p -> Float.toString(p.confidence())).orElse(""))
            .append(',')
            .append(csv(id.modelVersion()))
            .append(',')
            .append(csv(id.etag()))
            .append('\n');
      }
    } else {
      for (Identification id : items) {
        try {
          out.append(JSON.writeValueAsString(entry(id))).append('\n');
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("an identification is always JSON", e);
        }
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 4180 quoting where needed. */
  static String csv(String value) {
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
