package app.billing.bench;

import app.billing.core.checkout.CheckoutToken;
import app.billing.testkit.StripeSignatures;
import app.billing.testkit.story.Story;
import app.billing.testkit.story.StoryTokens;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixture customer story (testkit's {@code stripe-story/}, copied to {@code bench-events/} at
 * build time) and copies of it for as many synthetic customers as a load run needs.
 */
public final class Events {
  /**
   * Signing secret the bench configures the webhook with (both the Java function and the Node
   * twin).
   */
  public static final String SECRET = "whsec_bench_0123456789abcdef0123456789abcdef";

  /**
   * The {@code CHECKOUT_TOKEN_KEY} the bench configures: story events carry a checkout token signed
   * with it, as our checkout would have made them (a tenant hint links a customer only with one).
   */
  public static final String CHECKOUT_TOKEN_KEY = "bench-checkout-token-key-0123456789abcdef";

  private static final CheckoutToken TOKEN = CheckoutToken.fromSecret(CHECKOUT_TOKEN_KEY);

  /** The ~4 KB event the cold-start and warm-cost benchmarks verify (3,926 bytes). */
  public static final String FOUR_KB_EVENT = "08-checkout.session.completed.json";

  /**
   * Story steps the webhook enqueues (08-26); 01-07 are product/price events it acknowledges only.
   */
  public static final List<String> HANDLED_STORY =
      List.of(
          "08-checkout.session.completed.json",
          "09-customer.subscription.created.json",
          "10-invoice.paid.json",
          "11-entitlements.active_entitlement_summary.updated.json",
          "12-customer.updated.json",
          "13-customer.subscription.trial_will_end.json",
          "14-customer.subscription.updated.json",
          "15-invoice.paid.json",
          "16-customer.subscription.updated.json",
          "17-entitlements.active_entitlement_summary.updated.json",
          "18-checkout.session.completed.json",
          "19-customer.subscription.updated.json",
          "20-invoice.payment_action_required.json",
          "21-invoice.payment_failed.json",
          "22-customer.updated.json",
          "23-customer.subscription.updated.json",
          "24-customer.subscription.deleted.json",
          "25-entitlements.active_entitlement_summary.updated.json",
          "26-customer.deleted.json");

  /**
   * One event ready to deliver: which story step it is a copy of, its id and type, its raw body.
   */
  public record Event(String step, String id, String type, String payload) {
    public int bytes() {
      return payload.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  private Events() {}

  /** A story event exactly as stored (byte for byte). */
  public static String story(String file) {
    return resource("bench-events/" + file);
  }

  /** A Stripe API answer the provisioning tests use, from {@code bench-stripe-api/}. */
  public static String stripeApi(String file) {
    return resource("bench-stripe-api/" + file);
  }

  /**
   * The handled story for synthetic customer {@code n}: every Stripe id that ties events to one
   * customer (event, customer, tenant, subscription, invoice, checkout session) gets a per-customer
   * prefix, so customers are independent (their own FIFO group, tenant, records and email guards)
   * while each payload keeps the shape and about the size of the original.
   */
  public static List<Event> customerStory(int n) {
    List<Event> events = new ArrayList<>();
    for (String step : HANDLED_STORY) {
      String payload = StoryTokens.signed(forCustomer(story(step), n), TOKEN::sign);
      JsonObject root = JsonParser.parseString(payload).getAsJsonObject();
      events.add(
          new Event(step, root.get("id").getAsString(), root.get("type").getAsString(), payload));
    }
    return events;
  }

  /**
   * The tenant of synthetic customer {@code n} (provisioning links only to a tenant that exists).
   */
  public static String tenant(int n) {
    return "usr_b" + n + "x" + Story.TENANT.substring("usr_".length());
  }

  /** Rewrites the ids of the story's customer in {@code payload} to those of customer {@code n}. */
  public static String forCustomer(String payload, int n) {
    String tag = "b" + n + "x";
    return payload
        .replace("\"evt_", "\"evt_" + tag)
        .replace("\"cus_", "\"cus_" + tag)
        .replace("\"usr_", "\"usr_" + tag)
        .replace("\"sub_", "\"sub_" + tag)
        .replace("\"in_", "\"in_" + tag)
        .replace("\"cs_test_", "\"cs_test_" + tag);
  }

  /** {@code Stripe-Signature} for {@code payload} signed now with {@link #SECRET}. */
  public static String sign(String payload) {
    return sign(payload, System.currentTimeMillis() / 1000);
  }

  public static String sign(String payload, long epochSeconds) {
    return StripeSignatures.header(payload, SECRET, epochSeconds);
  }

  private static String resource(String path) {
    try (InputStream in = Events.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no resource "
                + path
                + " (bench-events/ and bench-stripe-api/ are "
                + "copied from the functions' test resources when the bench module builds)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
