package app.billing.testkit.story;

import app.billing.testkit.TestResources;
import java.util.Arrays;
import java.util.List;

/**
 * The one customer story every module tests against: 26 Stripe events (testkit resources {@code
 * stripe-story/}, the only copy) named by what happens in them. Files are in story order; their
 * {@code created} timestamps follow Stripe's real ordering, which differs (the subscription is
 * created a second before its checkout completes), so tests can exercise out-of-order delivery.
 */
public enum Story {
  STARTER_PRODUCT_CREATED("01-product.created.json"),
  STARTER_PRICE_CREATED("02-price.created.json"),
  STARTER_PRODUCT_UPDATED("03-product.updated.json"),
  PRO_PRODUCT_CREATED("04-product.created.json"),
  PRO_PRICE_CREATED("05-price.created.json"),
  PRO_PRODUCT_UPDATED("06-product.updated.json"),
  STARTER_PRICE_UPDATED("07-price.updated.json"),
  /** Checkout in subscription mode with a 14-day trial; links the customer to {@link #TENANT}. */
  TRIAL_CHECKOUT_COMPLETED("08-checkout.session.completed.json"),
  TRIAL_STARTED("09-customer.subscription.created.json"),
  TRIAL_INVOICE_PAID("10-invoice.paid.json"),
  STARTER_ENTITLEMENTS_GRANTED("11-entitlements.active_entitlement_summary.updated.json"),
  EMAIL_CHANGED("12-customer.updated.json"),
  TRIAL_WILL_END("13-customer.subscription.trial_will_end.json"),
  TRIAL_ENDED("14-customer.subscription.updated.json"),
  FIRST_INVOICE_PAID("15-invoice.paid.json"),
  UPGRADED_TO_PRO("16-customer.subscription.updated.json"),
  PRO_ENTITLEMENTS_GRANTED("17-entitlements.active_entitlement_summary.updated.json"),
  /** A one-time purchase in payment mode (credits). */
  CREDITS_PURCHASED("18-checkout.session.completed.json"),
  RENEWED("19-customer.subscription.updated.json"),
  /** Same second as {@link #RENEWAL_PAYMENT_FAILED}: a tie Stripe's order cannot settle. */
  RENEWAL_NEEDS_ACTION("20-invoice.payment_action_required.json"),
  RENEWAL_PAYMENT_FAILED("21-invoice.payment_failed.json"),
  CUSTOMER_DELINQUENT("22-customer.updated.json"),
  WENT_PAST_DUE("23-customer.subscription.updated.json"),
  CANCELED_FOR_NONPAYMENT("24-customer.subscription.deleted.json"),
  ENTITLEMENTS_REVOKED("25-entitlements.active_entitlement_summary.updated.json"),
  CUSTOMER_DELETED("26-customer.deleted.json");

  /** The classpath folder of the story's files. */
  public static final String DIRECTORY = "stripe-story";

  // The ids the story uses throughout.
  public static final String TENANT = "usr_8f3a1c2e";
  public static final String CUSTOMER = "cus_1BREyS0ms3pllo";
  public static final String SUBSCRIPTION = "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7";
  public static final String SUBSCRIPTION_CHECKOUT =
      "cs_test_b1x26X24teAOVUIQkbkFLh7GCfGJpLLENNIqFt3PTQSHupwdSl";
  public static final String PURCHASE_CHECKOUT =
      "cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu";
  public static final String TRIAL_INVOICE = "in_1iABvdSb7kQ2wLn5zGfewdWe";
  public static final String FIRST_INVOICE = "in_1EdOa0Sb7kQ2wLn5qNYRnupO";
  public static final String RENEWAL_INVOICE = "in_1plsy9Sb7kQ2wLn5JjcU8pZL";
  public static final String STARTER_MONTHLY_PRICE = "price_1YVHXZSb7kQ2wLn572xB0pDK";
  public static final String PRO_MONTHLY_PRICE = "price_14K14PSb7kQ2wLn5JNF92G3q";

  private final String file;

  Story(String file) {
    this.file = file;
  }

  /** The file name, e.g. {@code 08-checkout.session.completed.json}. */
  public String file() {
    return file;
  }

  /** The classpath path of the file. */
  public String resource() {
    return DIRECTORY + "/" + file;
  }

  /** The event exactly as in the file (unsigned). */
  public String json() {
    return TestResources.read(resource());
  }

  /** The event type, e.g. {@code checkout.session.completed}. */
  public String type() {
    return file.substring(3, file.length() - ".json".length());
  }

  /** Every step in story order. */
  public static List<Story> all() {
    return List.of(values());
  }

  /** The steps from {@code first} to {@code last}, both included, in story order. */
  public static List<Story> between(Story first, Story last) {
    return Arrays.stream(values())
        .filter(s -> s.ordinal() >= first.ordinal() && s.ordinal() <= last.ordinal())
        .toList();
  }

  /** The customer's part of the story: everything after the catalog set-up. */
  public static List<Story> customerSteps() {
    return between(TRIAL_CHECKOUT_COMPLETED, CUSTOMER_DELETED);
  }

  /** The step stored in {@code file}. */
  public static Story ofFile(String file) {
    return Arrays.stream(values())
        .filter(s -> s.file.equals(file))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no story step in " + file));
  }
}
