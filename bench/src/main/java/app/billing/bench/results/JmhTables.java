package app.billing.bench.results;

import app.billing.bench.jmh.ProvisioningBenchmark;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The {@code jmh} block: warm cost per email kind, per provisioning event, of the webhook. */
final class JmhTables extends ResultsReader {
  JmhTables(JsonObject results, String file) {
    super(results, file);
  }

  String jmh() {
    if (!r.has("jmhDefault") && !r.has("jmhLambda")) {
      return notMeasured("JMH");
    }
    Map<String, Double> c2 = scores("jmhDefault");
    Map<String, Double> c1 = scores("jmhLambda");
    Map<String, Double> c2err = errors("jmhDefault");
    Map<String, Double> c1err = errors("jmhLambda");
    Function<String, String> both =
        key -> fmt(c2.get(key), c2err.get(key)) + " | " + fmt(c1.get(key), c1err.get(key));
    StringBuilder md = new StringBuilder();
    md.append(
        "Average time per operation (µs), ± JMH's 99.9 % error; C2 = default JVM flags, C1 = Lambda's "
            + "flags (`-XX:TieredStopAtLevel=1 -XX:+UseSerialGC`).\n\n");
    md.append(
        "**One email, by kind** (`EmailBenchmark`): render subject + text + HTML; render and send through "
            + "`SesEmailSender` and the SES v2 SDK client answered in memory.\n\n");
    md.append(
        "| kind | compose C2 | compose C1 | compose + send C2 | compose + send C1 |\n|---|---:|---:|---:|---:|\n");
    keys(c2, c1, "EmailBenchmark.compose[")
        .forEach(
            k -> {
              String kind = k.substring(k.indexOf('[') + 1, k.length() - 1);
              String send = "EmailBenchmark.composeAndSend[" + kind + "]";
              md.append(
                  String.format(
                      "| %s | %s | %s | %s | %s |%n",
                      kind,
                      fmt(c2.get(k), c2err.get(k)),
                      fmt(c1.get(k), c1err.get(k)),
                      fmt(c2.get(send), c2err.get(send)),
                      fmt(c1.get(send), c1err.get(send))));
            });
    md.append(
        "\n**Provisioning, one event** (`ProvisioningBenchmark.apply`, store and Stripe stubbed, fresh ids "
            + "every call so no guard is warm): `guarded` = every email already sent, `compose` = claimed, rendered and "
            + "sent.\n\n");
    md.append(
        "| event | emails it sends | guarded C2 | compose C2 | compose − guarded C2 | guarded C1 | compose C1 "
            + "| compose − guarded C1 |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
    keys(c2, c1, "ProvisioningBenchmark.apply[").stream()
        .filter(k -> k.endsWith(", guarded]"))
        .forEach(
            k -> {
              String event = k.substring(k.indexOf('[') + 1, k.indexOf(", guarded]"));
              String compose = "ProvisioningBenchmark.apply[" + event + ", compose]";
              md.append(
                  String.format(
                      "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                      event.replace(".json", ""),
                      ProvisioningBenchmark.EMAILS_SENT.getOrDefault(event, "?"),
                      fmt(c2.get(k), c2err.get(k)),
                      fmt(c2.get(compose), c2err.get(compose)),
                      diff(c2.get(compose), c2.get(k)),
                      fmt(c1.get(k), c1err.get(k)),
                      fmt(c1.get(compose), c1err.get(compose)),
                      diff(c1.get(compose), c1.get(k))));
            });
    md.append("\n**Webhook** (`WebhookBenchmark`)\n\n| benchmark | C2 | C1 |\n|---|---:|---:|\n");
    for (String k :
        List.of("WebhookBenchmark.service", "WebhookBenchmark.handlerWithSqsMarshalling")) {
      md.append("| `").append(k).append("` | ").append(both.apply(k)).append(" |\n");
    }
    int pairs = 0;
    int slower = 0;
    for (Map<String, Double> set : List.of(c2, c1)) {
      for (String k : set.keySet()) {
        String compose = k.replace(", guarded]", ", compose]");
        if (k.endsWith(", guarded]") && set.containsKey(compose)) {
          pairs++;
          slower += set.get(compose) > set.get(k) ? 1 : 0;
        }
      }
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nThe composed path was slower than the guarded one in %d of %d "
                + "event × flags pairs.%n",
            slower,
            pairs));
    int total = c2.size() + c1.size();
    long unsteady = unsteady(c2, c2err) + unsteady(c1, c1err);
    md.append(
        String.format(
            Locale.ROOT,
            "%n%d of the %d results above have a 99.9 %% error larger than the score "
                + "itself%s%n",
            unsteady,
            total,
            unsteady == 0
                ? "."
                : ": **those iterations had not reached a steady state** "
                    + "(the JIT compiler threads competed with the other work on the machine), so they are not warm-cost "
                    + "figures and must not be quoted as such; this run cannot give the steady-state cost of composing "
                    + "an email."));
    return md.toString();
  }
}
