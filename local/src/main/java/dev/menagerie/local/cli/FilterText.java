package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Locale;

/**
 * The labelling routes' answers for people: {@code filter}, {@code library stats}, {@code archive}.
 */
final class FilterText {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FilterText() {}

  /** A route's answer for people: items and classes as aligned rows, anything else as JSON. */
  static String human(JsonNode body) throws IOException {
    StringBuilder text = new StringBuilder();
    if (body.path("items").isArray()) {
      for (JsonNode item : body.path("items")) {
        text.append(
            String.format(
                Locale.ROOT,
                "%-48s %-16s %s  %s%n",
                item.path("key").asText(),
                item.path("label").asText("-"),
                item.has("confidence")
                    ? String.format(Locale.ROOT, "%.3f", item.path("confidence").asDouble())
                    : "-",
                item.path("modelVersion").asText("")));
      }
      text.append(body.path("items").size()).append(" result(s)");
      if (body.hasNonNull("next")) {
        text.append("; more with --next ").append(body.path("next").asText());
      }
      JsonNode chosen = body.path("criteria").path("modelVersionChosen");
      if (chosen.isTextual()) {
        text.append("\nModel: ").append(chosen.asText());
      }
      return text.append('\n').toString();
    }
    if (body.has("dryRun") && body.has("count")) {
      return archiveText(body);
    }
    if (body.has("restored") && body.has("batchId")) {
      return String.format(
          Locale.ROOT,
          "Restored %d image(s) of batch %s to inbox/ (%d were back already)%n",
          body.path("restored").asInt(),
          body.path("batchId").asText(),
          body.path("alreadyBack").asInt());
    }
    if (body.path("classes").isArray()) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-24s %7s %7s %7s %9s%n",
              "CLASS",
              "TOTAL",
              "REAL",
              "STAGED",
              "SYNTHETIC"));
      for (JsonNode c : body.path("classes")) {
        text.append(
            String.format(
                Locale.ROOT,
                "%-24s %7s %7s %7s %9s%n",
                c.path("label").asText(),
                c.path("total").asText("-"),
                c.path("real").asText("-"),
                c.path("staged").asText("-"),
                c.path("synthetic").asText("-")));
      }
      body.fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().equals("classes")) {
                  text.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
                }
              });
      return text.toString();
    }
    return JSON.writeValueAsString(body) + "\n";
  }

  /** An archive's answer for people: how many, which model, a sample, and how to undo it. */
  static String archiveText(JsonNode body) {
    StringBuilder text = new StringBuilder();
    boolean dryRun = body.path("dryRun").asBoolean(true);
    JsonNode criteria = body.path("criteria");
    String scope =
        criteria.path("collection").asText("*").equals("*")
            ? "every collection"
            : "inbox/" + criteria.path("collection").asText() + "/";
    text.append(
        String.format(
            Locale.ROOT,
            "%s %d image(s) of %s scoring below %s with model %s%n",
            dryRun ? "Would move" : "Moved",
            body.path("count").asInt(),
            scope,
            criteria.path("below").asText("?"),
            body.path("modelVersion").asText("?")));
    int listed = 0;
    for (JsonNode sample : body.path("sample")) {
      if (listed++ == 5) {
        break;
      }
      text.append("  ").append(sample.asText()).append('\n');
    }
    if (body.path("count").asInt() > 5 && body.path("sample").size() > 5) {
      text.append("  ...\n");
    }
    if (dryRun) {
      text.append("A dry run: nothing moved. Add --yes to move them to archive/.\n");
    } else if (body.hasNonNull("batchId")) {
      text.append(
          "Nothing is deleted: ./menagerie archive restore "
              + body.path("batchId").asText()
              + " puts them back.\n");
    }
    return text.toString();
  }
}
