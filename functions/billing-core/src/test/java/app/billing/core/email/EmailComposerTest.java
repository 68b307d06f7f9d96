package app.billing.core.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmailComposerTest {
  private static final EmailSettings SETTINGS =
      new EmailSettings(
          "Acme Billing <billing@acme.test>",
          List.of("support@acme.test", "billing-team@acme.test"),
          "Acme Cloud",
          "https://app.example.com/billing");
  private static final EmailComposer COMPOSER = new EmailComposer(SETTINGS);

  /** Each kind's values; {@code marker} is the value carrying HTML-special characters. */
  private record Case(
      Map<String, Object> values, String marker, String subject, List<String> textLines) {}

  private static final String MARK = "R&D <Team>";
  private static final String MARK_HTML = "R&amp;D &lt;Team&gt;";
  private static final Map<EmailKind, Case> CASES = new EnumMap<>(EmailKind.class);

  static {
    CASES.put(
        EmailKind.WELCOME,
        new Case(
            Map.of(
                "planName",
                MARK,
                "trialEndDate",
                "September 15, 2026",
                "periodEndDate",
                "October 15, 2026"),
            MARK,
            "Welcome to Acme Cloud R&D <Team>",
            List.of(
                "Your Acme Cloud R&D <Team> plan is ready.",
                "Your free trial runs until September 15, 2026 (UTC). We will charge your card after that unless you cancel.",
                "Manage your plan, payment method and invoices at any time: https://app.example.com/billing")));
    CASES.put(
        EmailKind.PURCHASE_RECEIPT,
        new Case(
            Map.of(
                "itemName", MARK, "amount", "$299.00", "date", "September 22, 2026", "credits", 5L),
            MARK,
            "Receipt for R&D <Team>: $299.00",
            List.of(
                "Thank you for your purchase of R&D <Team>.",
                "Amount paid: $299.00",
                "Date: September 22, 2026 (UTC)",
                "Credits added to your account: 5",
                "Your payment history: https://app.example.com/billing")));
    CASES.put(
        EmailKind.INVOICE_RECEIPT,
        new Case(
            Map.of(
                "amount",
                "$19.00",
                "date",
                "September 15, 2026",
                "planName",
                MARK,
                "hostedInvoiceUrl",
                "https://invoice.stripe.com/i/acct_1/test_x?s=ap"),
            MARK,
            "Your Acme Cloud receipt: $19.00",
            List.of(
                "We received your payment of $19.00 on September 15, 2026 (UTC) for your R&D <Team> plan. Thank you.",
                "View or download the invoice: https://invoice.stripe.com/i/acct_1/test_x?s=ap",
                "Manage billing: https://app.example.com/billing")));
    CASES.put(
        EmailKind.PAYMENT_FAILED,
        new Case(
            Map.of(
                "amount",
                "$74.00",
                "nextRetryDate",
                "October 18, 2026",
                "hostedInvoiceUrl",
                "https://invoice.stripe.com/i/x?a=1&b=2"),
            "https://invoice.stripe.com/i/x?a=1&b=2",
            "Payment of $74.00 failed: please update your card",
            List.of(
                "We could not collect your payment of $74.00 for Acme Cloud.",
                "We will try again on October 18, 2026 (UTC).",
                "Update your card: https://app.example.com/billing",
                "Or pay the invoice now: https://invoice.stripe.com/i/x?a=1&b=2")));
    CASES.put(
        EmailKind.PAYMENT_ACTION_REQUIRED,
        new Case(
            Map.of(
                "amount", "$74.00", "hostedInvoiceUrl", "https://invoice.stripe.com/i/x?a=1&b=2"),
            "https://invoice.stripe.com/i/x?a=1&b=2",
            "Action required to complete your $74.00 payment",
            List.of(
                "Your bank needs you to confirm the payment of $74.00 for Acme Cloud.",
                "Confirm it here: https://invoice.stripe.com/i/x?a=1&b=2")));
    CASES.put(
        EmailKind.TRIAL_ENDING,
        new Case(
            Map.of("planName", MARK, "trialEndDate", "September 15, 2026"),
            MARK,
            "Your Acme Cloud trial ends on September 15, 2026",
            List.of(
                "Your R&D <Team> trial ends on September 15, 2026 (UTC). Your subscription then continues and your card is charged.",
                "Review your plan or cancel: https://app.example.com/billing")));
    CASES.put(
        EmailKind.CANCELLATION_SCHEDULED,
        new Case(
            Map.of("planName", MARK, "endDate", "November 14, 2026"),
            MARK,
            "Your Acme Cloud subscription will end on November 14, 2026",
            List.of(
                "Your R&D <Team> subscription is set to cancel. You keep access until November 14, 2026 (UTC) and will not be charged again.",
                "Changed your mind? Resume it here: https://app.example.com/billing")));
    CASES.put(
        EmailKind.SUBSCRIPTION_ENDED,
        new Case(
            Map.of("planName", MARK, "paymentFailed", true),
            MARK,
            "Your Acme Cloud subscription has ended",
            List.of(
                "Your R&D <Team> subscription has ended because we could not collect payment.",
                "You can subscribe again at any time: https://app.example.com/billing")));
    CASES.put(
        EmailKind.ORDER_RECEIVED,
        new Case(
            Map.of(
                "itemName", MARK, "amount", "$299.00", "date", "September 22, 2026", "credits", 5),
            MARK,
            "Order received: R&D <Team>, $299.00 authorized",
            List.of(
                "We received your order of R&D <Team> and are reviewing it.",
                "Amount authorized: $299.00",
                "Your card is not charged yet: the amount is only held. Once we have reviewed the order we"
                    + " charge it and send you a receipt (with 5 credits added to your account), or release"
                    + " the hold and let you know.")));
    CASES.put(
        EmailKind.AUTHORIZATION_CANCELED,
        new Case(
            Map.of(
                "itemName", MARK, "amount", "¥500", "date", "September 29, 2026", "expired", true),
            MARK,
            "Order canceled: R&D <Team>, nothing was charged",
            List.of(
                "The hold on your card for R&D <Team> expired before we could complete the order.",
                "Amount released: ¥500",
                "Nothing was charged: your bank releases the hold on your card (this can take a few days).")));
    // Amounts are formatted in the currency's own minor unit: yen has none.
    CASES.put(
        EmailKind.REFUND_RECEIPT,
        new Case(
            Map.of(
                "itemName",
                MARK,
                "amount",
                Formats.money(500, "jpy"),
                "paidAmount",
                Formats.money(1500, "jpy"),
                "date",
                "October 2, 2026",
                "creditsTakenBack",
                5L,
                "receiptUrl",
                "https://pay.stripe.com/receipts/ch_1"),
            MARK,
            "Refund of ¥500 for R&D <Team>",
            List.of(
                "We have refunded ¥500 for R&D <Team> to your original payment method.",
                "Refund: ¥500 of ¥1,500 paid",
                "Date: October 2, 2026 (UTC)",
                "Credits taken back from your account: 5",
                "Receipt: https://pay.stripe.com/receipts/ch_1",
                "Your payment history: https://app.example.com/billing")));
  }

  @Test
  void everyKindHasACase() {
    assertThat(CASES).containsOnlyKeys(EmailKind.values());
  }

  @ParameterizedTest
  @EnumSource(EmailKind.class)
  void rendersSubjectTextAndHtmlWithTheValues(EmailKind kind) {
    Case c = CASES.get(kind);

    Email email = COMPOSER.compose(kind, "ada@lovelace.dev", new HashMap<>(c.values()));

    assertThat(email.kind()).isEqualTo(kind);
    assertThat(email.from()).isEqualTo("Acme Billing <billing@acme.test>");
    assertThat(email.replyTo()).containsExactly("support@acme.test", "billing-team@acme.test");
    assertThat(email.to()).isEqualTo("ada@lovelace.dev");
    assertThat(email.subject()).isEqualTo(c.subject());
    assertThat(email.text()).startsWith("Hi,\n").contains(c.textLines());
    assertThat(email.text()).doesNotContain("{{", "}}", "&lt;", "&amp;");
    assertThat(email.html())
        .startsWith("<!doctype html>")
        .contains("<title>Acme Cloud</title>")
        .contains("You receive this email because you have a Acme Cloud account.")
        .doesNotContain("{{", "}}");
    // Whatever plain value the text shows, the HTML shows too (values needing escapes are checked
    // below).
    c.values().values().stream()
        .filter(
            v -> v instanceof String s && !s.contains("<") && !s.contains("&") && !s.contains("="))
        .filter(v -> email.text().contains((String) v))
        .forEach(v -> assertThat(email.html()).contains((String) v));
  }

  @ParameterizedTest
  @EnumSource(EmailKind.class)
  void htmlEscapesValuesAndTextDoesNot(EmailKind kind) {
    Case c = CASES.get(kind);

    Email email = COMPOSER.compose(kind, "ada@lovelace.dev", new HashMap<>(c.values()));

    assertThat(email.text()).contains(c.marker());
    assertThat(email.html()).doesNotContain(c.marker()).doesNotContain("<Team>");
    assertThat(email.html()).containsAnyOf(MARK_HTML, "a&#61;1&amp;b&#61;2");
  }

  @Test
  void theSubjectIsPlainTextAndStripped() {
    Email email =
        COMPOSER.compose(
            EmailKind.TRIAL_ENDING,
            "a@b.test",
            Map.of("planName", "Pro", "trialEndDate", "<soon>"));

    assertThat(email.subject()).isEqualTo("Your Acme Cloud trial ends on <soon>");
  }

  @Test
  void productNameAndBillingUrlAreAlwaysAddedAndWin() {
    Email email =
        COMPOSER.compose(
            EmailKind.SUBSCRIPTION_ENDED,
            "a@b.test",
            new HashMap<>(
                Map.of(
                    "planName",
                    "Pro",
                    "paymentFailed",
                    false,
                    "productName",
                    "Other",
                    "billingUrl",
                    "https://evil.test")));

    assertThat(email.subject()).isEqualTo("Your Acme Cloud subscription has ended");
    assertThat(email.text()).contains("https://app.example.com/billing").doesNotContain("evil");
  }

  @Test
  void falseSectionsAreLeftOut() {
    Email welcome =
        COMPOSER.compose(
            EmailKind.WELCOME,
            "a@b.test",
            Map.of("planName", "Pro", "trialEndDate", false, "periodEndDate", "October 15, 2026"));
    assertThat(welcome.text())
        .doesNotContain("free trial")
        .contains("Your current billing period ends on October 15, 2026 (UTC).");
    assertThat(welcome.html()).doesNotContain("free trial").contains("October 15, 2026");

    Email noDates =
        COMPOSER.compose(
            EmailKind.WELCOME,
            "a@b.test",
            Map.of("planName", "Pro", "trialEndDate", false, "periodEndDate", false));
    assertThat(noDates.text()).doesNotContain("free trial", "billing period");

    Email failed =
        COMPOSER.compose(
            EmailKind.PAYMENT_FAILED,
            "a@b.test",
            Map.of("amount", "$74.00", "nextRetryDate", false, "hostedInvoiceUrl", false));
    assertThat(failed.text())
        .contains("We will not retry automatically.")
        .doesNotContain("try again", "pay the invoice");
    assertThat(failed.html())
        .contains("We will not retry automatically.")
        .doesNotContain("pay the invoice now");

    Email receipt =
        COMPOSER.compose(
            EmailKind.INVOICE_RECEIPT,
            "a@b.test",
            Map.of(
                "amount",
                "$19.00",
                "date",
                "September 15, 2026",
                "planName",
                false,
                "hostedInvoiceUrl",
                false));
    assertThat(receipt.text())
        .contains("on September 15, 2026 (UTC). Thank you.")
        .doesNotContain("for your", "View or download");

    Email purchase =
        COMPOSER.compose(
            EmailKind.PURCHASE_RECEIPT,
            "a@b.test",
            Map.of(
                "itemName",
                "Workshop",
                "amount",
                "$299.00",
                "date",
                "September 22, 2026",
                "credits",
                false));
    assertThat(purchase.text()).doesNotContain("Credits");
    assertThat(purchase.html()).doesNotContain("Credits");

    Email ended =
        COMPOSER.compose(
            EmailKind.SUBSCRIPTION_ENDED,
            "a@b.test",
            Map.of("planName", "Pro", "paymentFailed", false));
    assertThat(ended.text())
        .contains("Your Pro subscription has ended.")
        .doesNotContain("collect payment");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "http://invoice.stripe.com/i/x",
        "https://invoice.stripe.com/i/x\r\nBcc: victim@example.com",
        "https://user:pw@invoice.stripe.com/i/x",
        "//evil.test/i/x",
        "https:evil",
        "https://invoice.stripe.com/i/x\"><script>alert(1)</script>",
        "vbscript:msgbox(1)",
        ""
      })
  void aLinkThatIsNotHttpsIsDroppedNotRendered(String hostile) {
    Email receipt =
        COMPOSER.compose(
            EmailKind.INVOICE_RECEIPT,
            "a@b.test",
            Map.of(
                "amount",
                "$19.00",
                "date",
                "September 15, 2026",
                "planName",
                "Pro",
                "hostedInvoiceUrl",
                hostile));
    Email failed =
        COMPOSER.compose(
            EmailKind.PAYMENT_FAILED,
            "a@b.test",
            Map.of("amount", "$74.00", "nextRetryDate", false, "hostedInvoiceUrl", hostile));
    Email action =
        COMPOSER.compose(
            EmailKind.PAYMENT_ACTION_REQUIRED,
            "a@b.test",
            Map.of("amount", "$74.00", "hostedInvoiceUrl", hostile));

    for (Email email : List.of(receipt, failed, action)) {
      assertThat(email.text())
          .as(email.kind() + " text")
          .doesNotContain(
              "javascript", "JavaScript", "data:", "http://", "evil", "vbscript", "Bcc", "<script");
      assertThat(email.html())
          .as(email.kind() + " html")
          .doesNotContain(
              "javascript", "JavaScript", "data:", "http://", "evil", "vbscript", "Bcc", "<script");
      // Every link left is https: the configured billing page.
      assertThat(java.util.Arrays.stream(email.html().split("href=\"", -1)).skip(1).toList())
          .allSatisfy(link -> assertThat(link).startsWith("https://app.example.com/billing\""));
    }
    assertThat(receipt.text()).doesNotContain("View or download");
    assertThat(failed.text()).doesNotContain("pay the invoice");
    assertThat(action.text())
        .contains("Confirm it on your billing page: https://app.example.com/billing");
  }

  @Test
  void anHttpsLinkIsRenderedEscaped() {
    Email action =
        COMPOSER.compose(
            EmailKind.PAYMENT_ACTION_REQUIRED,
            "a@b.test",
            Map.of(
                "amount", "$74.00", "hostedInvoiceUrl", "https://invoice.stripe.com/i/x?a=1&b=2"));
    assertThat(action.html())
        .contains(
            "<a href=\"https://invoice.stripe.com/i/x?a&#61;1&amp;b&#61;2\">Confirm the payment</a>");
    assertThat(action.text()).contains("Confirm it here: https://invoice.stripe.com/i/x?a=1&b=2");
  }

  @Test
  void everyKindHasTemplates() {
    for (EmailKind kind : EmailKind.values()) {
      for (String part : List.of("subject", "txt", "html")) {
        assertThat(
                getClass()
                    .getClassLoader()
                    .getResource("emails/" + kind.template() + "." + part + ".mustache"))
            .as(kind + " " + part)
            .isNotNull();
      }
    }
  }
}
