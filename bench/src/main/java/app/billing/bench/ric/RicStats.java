package app.billing.bench.ric;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the samples give, as written to the results JSON: Java/Node ratios and per-group stats. */
final class RicStats {
  private RicStats() {}

  /**
   * Per twin: per-pair Java/Node ratios of the first response (same block and run), their median
   * and spread.
   */
  static Map<String, Object> ratios(
      List<RicColdStart.Sample> samples, List<String> functions, double spreadPct) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean all = true;
    for (String fn : functions) {
      if (!RicColdStart.NODE_TWINS.contains(fn)) {
        continue;
      }
      Map<String, Double> java = new HashMap<>();
      Map<String, Double> node = new HashMap<>();
      for (RicColdStart.Sample s : samples) {
        if (s.function().equals(fn) && s.mode().equals("on-demand")) {
          ("java".equals(s.runtime()) ? java : node)
              .put(s.block() + "/" + s.run(), s.firstResponseMs());
        }
      }
      Map<Integer, List<Double>> byBlock = new TreeMap<>();
      List<Double> pairs = new ArrayList<>();
      java.forEach(
          (key, j) -> {
            Double n = node.get(key);
            if (n != null) {
              pairs.add(j / n);
              byBlock
                  .computeIfAbsent(Integer.parseInt(key.split("/")[0]), b -> new ArrayList<>())
                  .add(j / n);
            }
          });
      double median = percentile(pairs, 50);
      List<Double> blockMedians = byBlock.values().stream().map(l -> percentile(l, 50)).toList();
      double spread =
          blockMedians.stream()
              .mapToDouble(b -> Math.abs(b - median) / median * 100)
              .max()
              .orElse(0);
      boolean within = spread <= spreadPct;
      all &= within;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("pairs", pairs.size());
      r.put("medianRatio", round(median, 3));
      r.put("p25Ratio", round(percentile(pairs, 25), 3));
      r.put("p75Ratio", round(percentile(pairs, 75), 3));
      r.put("blockMedians", blockMedians.stream().map(b -> round(b, 3)).toList());
      r.put("spreadPct", round(spread, 1));
      r.put("withinSpread", within);
      out.put(fn, r);
    }
    out.put("allWithinSpread", all);
    return out;
  }

  static List<Map<String, Object>> summary(List<RicColdStart.Sample> samples) {
    Map<String, List<RicColdStart.Sample>> groups = new LinkedHashMap<>();
    samples.forEach(
        s ->
            groups
                .computeIfAbsent(
                    s.function() + "|" + s.runtime() + "|" + s.mode(), k -> new ArrayList<>())
                .add(s));
    List<Map<String, Object>> out = new ArrayList<>();
    groups.forEach(
        (key, list) -> {
          String[] k = key.split("\\|");
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("function", k[0]);
          m.put("runtime", k[1]);
          m.put("mode", k[2]);
          m.put("runs", list.size());
          m.put("initMs", stats(list.stream().map(RicColdStart.Sample::initMs).toList()));
          m.put(
              "firstResponseMs",
              stats(list.stream().map(RicColdStart.Sample::firstResponseMs).toList()));
          m.put("invokeMs", stats(list.stream().map(RicColdStart.Sample::invokeMs).toList()));
          List<Double> priming =
              list.stream()
                  .filter(s -> s.primingMs() >= 0)
                  .map(s -> (double) s.primingMs())
                  .toList();
          if (!priming.isEmpty()) {
            m.put("primingMs", stats(priming));
          }
          out.add(m);
        });
    return out;
  }

  static Map<String, Object> stats(List<Double> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", round(percentile(values, 50), 1));
    m.put("p25", round(percentile(values, 25), 1));
    m.put("p75", round(percentile(values, 75), 1));
    m.put("min", round(values.stream().mapToDouble(Double::doubleValue).min().orElse(0), 1));
    m.put("max", round(values.stream().mapToDouble(Double::doubleValue).max().orElse(0), 1));
    return m;
  }

  /**
   * Linear interpolation between closest ranks (the median of an even count is the mean of the
   * middle two).
   */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double pos = p / 100 * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  }

  static double round(double value, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(value * f) / f;
  }
}
