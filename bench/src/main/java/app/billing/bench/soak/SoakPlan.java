package app.billing.bench.soak;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What each slot of the soak sends, fixed before the clock starts: a new event, a re-send of one
 * already sent (same id, signed anew, as Stripe retries) or a new event signed with a wrong secret.
 */
record SoakPlan(List<Kind> kinds, List<Event> planned, List<Event> news) {

  record Customer(String tenantId, String apiKey, String customerId, JsonObject paidInvoiceEvent) {}

  /** One event: its payload, invoice and receipt amount. */
  record Event(String eventId, String invoiceId, long amount, Customer customer, String payload) {}

  enum Kind {
    NEW,
    DUPLICATE,
    INVALID
  }

  static SoakPlan draw(
      List<Customer> customers,
      int slots,
      long seed,
      double invalidShare,
      double duplicateShare,
      long created) {
    Random random = new Random(seed);
    List<Kind> kinds = new ArrayList<>(slots);
    List<Event> planned = new ArrayList<>(slots);
    List<Event> news = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      double r = random.nextDouble();
      Customer customer = customers.get(random.nextInt(customers.size()));
      if (r < invalidShare) {
        kinds.add(Kind.INVALID);
        planned.add(event(customer, "Bad", i, 900_000 + i, created));
      } else if (r < invalidShare + duplicateShare && !news.isEmpty()) {
        kinds.add(Kind.DUPLICATE);
        planned.add(news.get(random.nextInt(news.size())));
      } else {
        kinds.add(Kind.NEW);
        Event e = event(customer, "Soak", i, 10_000 + i, created);
        news.add(e);
        planned.add(e);
      }
    }
    return new SoakPlan(kinds, planned, news);
  }

  int slots() {
    return kinds.size();
  }

  int count(Kind kind) {
    return (int) kinds.stream().filter(k -> k == kind).count();
  }

  static String amountText(long cents) {
    return String.format("$%d.%02d", cents / 100, cents % 100);
  }

  /** A paid invoice of {@code customer} with an id and amount of its own. */
  private static Event event(Customer customer, String tag, int n, long amount, long created) {
    String eventId = String.format("evt_1%s%07d", tag, n);
    String invoiceId = String.format("in_1%s%07d", tag, n);
    JsonObject event = customer.paidInvoiceEvent().deepCopy();
    event.addProperty("id", eventId);
    event.addProperty("created", created);
    JsonObject invoice = event.getAsJsonObject("data").getAsJsonObject("object");
    invoice.addProperty("id", invoiceId);
    invoice.addProperty("number", tag.toUpperCase() + "-" + n);
    invoice.addProperty("billing_reason", "subscription_cycle");
    invoice.addProperty("amount_paid", amount);
    invoice.addProperty("amount_due", amount);
    invoice.addProperty("total", amount);
    invoice.addProperty("subtotal", amount);
    return new Event(eventId, invoiceId, amount, customer, event.toString());
  }
}
