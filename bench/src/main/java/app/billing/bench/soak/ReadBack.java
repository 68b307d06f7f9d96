package app.billing.bench.soak;

import app.billing.bench.soak.SoakPlan.Customer;
import app.billing.bench.soak.SoakPlan.Event;
import app.billing.bench.soak.SoakPlan.Kind;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After the queue drains, what the stack holds: every event answered 2xx is a payment of its tenant
 * exactly once, no invalid one is, each receipt email was sent once; and the DLQ.
 */
record ReadBack(
    int lost,
    int duplicateRecords,
    int invalidApplied,
    int unacknowledgedApplied,
    int emailsSent,
    int duplicateEmails,
    int receiptsMissing,
    int dlq) {

  static ReadBack read(
      StackHttp stack,
      List<Customer> customers,
      SoakPlan plan,
      Set<String> acknowledged,
      int emailsBefore)
      throws Exception {
    int lost = 0;
    int duplicateRecords = 0;
    int invalidApplied = 0;
    int unacknowledgedApplied = 0;
    Set<String> invalidInvoices = new HashSet<>();
    for (int i = 0; i < plan.slots(); i++) {
      if (plan.kinds().get(i) == Kind.INVALID) {
        invalidInvoices.add(plan.planned().get(i).invoiceId());
      }
    }
    for (Customer customer : customers) {
      Set<String> seen = new HashSet<>();
      for (String id : stack.invoiceIds(customer)) {
        if (!seen.add(id)) {
          duplicateRecords++;
        }
        if (invalidInvoices.contains(id)) {
          invalidApplied++;
        }
      }
      for (Event e : plan.news()) {
        if (e.customer() == customer) {
          boolean applied = seen.contains(e.invoiceId());
          if (acknowledged.contains(e.eventId()) && !applied) {
            lost++;
          } else if (!acknowledged.contains(e.eventId()) && applied) {
            unacknowledgedApplied++;
          }
        }
      }
    }
    Map<String, Integer> emailCounts = new LinkedHashMap<>();
    JsonElement emails = stack.getJson("/_local/emails", null);
    int emailsAfter = emails.getAsJsonArray().size();
    for (JsonElement email : emails.getAsJsonArray()) {
      JsonObject o = email.getAsJsonObject();
      emailCounts.merge(
          o.get("to").getAsString() + " | " + o.get("subject").getAsString(), 1, Integer::sum);
    }
    int duplicateEmails = emailCounts.values().stream().mapToInt(n -> n - 1).sum();
    Map<String, Integer> bySuffix = new HashMap<>();
    emailCounts.forEach(
        (key, n) -> {
          int dollar = key.lastIndexOf('$');
          if (dollar >= 0) {
            bySuffix.merge(key.substring(dollar), n, Integer::sum);
          }
        });
    int receiptsMissing = 0;
    for (Event e : plan.news()) {
      if (acknowledged.contains(e.eventId())
          && !bySuffix.containsKey(SoakPlan.amountText(e.amount()))) {
        receiptsMissing++;
      }
    }
    return new ReadBack(
        lost,
        duplicateRecords,
        invalidApplied,
        unacknowledgedApplied,
        emailsAfter - emailsBefore,
        duplicateEmails,
        receiptsMissing,
        stack.dlqVisible());
  }
}
