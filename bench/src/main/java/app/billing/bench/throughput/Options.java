package app.billing.bench.throughput;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The throughput run's arguments ({@code name=value}), as {@link Throughput} documents them; {@code
 * rates} and {@code seconds} add open-loop phases, {@code json} writes the phases as JSON too.
 */
public record Options(
    int warmupCustomers,
    int pacedCustomers,
    int burstCustomers,
    int senders,
    int rate,
    int groups,
    int firstCustomer,
    Path report,
    List<Integer> rates,
    int seconds,
    Path json) {
  static Options parse(String... args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected name=value, got " + arg);
      }
      values.put(kv[0], kv[1]);
    }
    return new Options(
        Integer.parseInt(values.getOrDefault("warmup", "20")),
        Integer.parseInt(values.getOrDefault("paced", "100")),
        Integer.parseInt(values.getOrDefault("burst", "100")),
        Integer.parseInt(values.getOrDefault("senders", "2")),
        Integer.parseInt(values.getOrDefault("rate", "300")),
        Integer.parseInt(values.getOrDefault("groups", "0")),
        Integer.parseInt(values.getOrDefault("firstCustomer", "0")),
        Path.of(values.getOrDefault("report", "bench/target/results/throughput.md")),
        values.getOrDefault("rates", "").isBlank()
            ? List.of()
            : Arrays.stream(values.get("rates").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList(),
        Integer.parseInt(values.getOrDefault("seconds", "10")),
        values.containsKey("json") ? Path.of(values.get("json")) : null);
  }
}
