package app.billing.bench.results;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One results file ({@link ResultsFile}) and the readers and formats its tables share. */
abstract class ResultsReader {
  final JsonObject r;
  final String file;

  ResultsReader(JsonObject results, String file) {
    this.r = results;
    this.file = file;
  }

  static long unsteady(Map<String, Double> scores, Map<String, Double> errors) {
    return scores.entrySet().stream()
        .filter(e -> errors.getOrDefault(e.getKey(), 0.0) > e.getValue())
        .count();
  }

  Map<String, Double> scores(String set) {
    return metric(set, "score");
  }

  Map<String, Double> errors(String set) {
    return metric(set, "error");
  }

  Map<String, Double> metric(String set, String field) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (r.has(set)) {
      for (JsonElement e : r.getAsJsonArray(set)) {
        JsonObject b = e.getAsJsonObject();
        String key = s(b, "benchmark");
        if (b.has("params")) {
          List<String> params = new ArrayList<>();
          b.getAsJsonObject("params").entrySet().stream()
              .sorted(
                  Map.Entry.comparingByKey(Comparator.comparing(k -> k.equals("emails") ? 1 : 0)))
              .forEach(p -> params.add(p.getValue().getAsString()));
          key += "[" + String.join(", ", params) + "]";
        }
        out.put(key, b.get(field).getAsDouble());
      }
    }
    return out;
  }

  static List<String> keys(Map<String, Double> a, Map<String, Double> b, String prefix) {
    List<String> keys = new ArrayList<>();
    for (String k : a.keySet()) {
      if (k.startsWith(prefix) && !keys.contains(k)) {
        keys.add(k);
      }
    }
    for (String k : b.keySet()) {
      if (k.startsWith(prefix) && !keys.contains(k)) {
        keys.add(k);
      }
    }
    return keys;
  }

  static String fmt(Double score, Double error) {
    if (score == null) {
      return "—";
    }
    return error == null || error == 0
        ? String.format(Locale.ROOT, "%.1f", score)
        : String.format(Locale.ROOT, "%.1f ± %.1f", score, error);
  }

  static String diff(Double a, Double b) {
    return a == null || b == null ? "—" : String.format(Locale.ROOT, "%+.1f", a - b);
  }

  static String range(JsonObject stats) {
    return String.format(
        Locale.ROOT, "%.0f ms (%.0f–%.0f)", d(stats, "median"), d(stats, "p25"), d(stats, "p75"));
  }

  static double median(JsonObject group, String field) {
    return d(group.getAsJsonObject(field), "median");
  }

  static String notMeasured(String what) {
    return "Not measured in this run (" + what + ").\n";
  }

  static String first(String load) {
    return load.split("[ ,]+")[0];
  }

  static String s(JsonObject o, String field) {
    return o != null && o.has(field) && !o.get(field).isJsonNull()
        ? o.get(field).getAsString()
        : "?";
  }

  static double d(JsonObject o, String field) {
    return o.get(field).getAsDouble();
  }

  static JsonArray arr(JsonObject o, String field) {
    return Optional.ofNullable(o)
        .filter(x -> x.has(field))
        .map(x -> x.getAsJsonArray(field))
        .orElse(new JsonArray());
  }
}
