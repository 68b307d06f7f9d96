package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.object;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.email.EmailKind;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.provisioning.core.EmailRules.InvoiceFacts;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.stripe.model.Invoice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule table read on its own: which invoice events call for which email. */
class EmailRulesTest {
  private final PlanNames plans =
      new PlanNames(ServiceHarness.catalog(), new InMemoryBillingStore());

  @Test
  void aPaidInvoiceWithMoneyCallsForAReceiptOnly() {
    InvoiceFacts facts = facts(Story.FIRST_INVOICE_PAID);

    assertThat(kinds(EmailRules.INVOICE_ANY_ORDER, facts))
        .containsExactly(EmailKind.INVOICE_RECEIPT);
    assertThat(kinds(EmailRules.INVOICE_CURRENT, facts)).isEmpty();
  }

  @Test
  void aFailedRenewalAsksForPaymentWhileTheInvoiceIsUnpaid() {
    InvoiceFacts facts = facts(Story.RENEWAL_PAYMENT_FAILED);

    assertThat(kinds(EmailRules.INVOICE_ANY_ORDER, facts)).isEmpty();
    assertThat(kinds(EmailRules.INVOICE_CURRENT, facts)).containsExactly(EmailKind.PAYMENT_FAILED);
  }

  @Test
  void aRuleOfAnotherEventTypeNeverApplies() {
    InvoiceFacts facts = facts(Story.RENEWAL_NEEDS_ACTION);

    assertThat(kinds(EmailRules.INVOICE_CURRENT, facts))
        .containsExactly(EmailKind.PAYMENT_ACTION_REQUIRED);
  }

  private InvoiceFacts facts(Story step) {
    EventRun run =
        new EventRun(StripeObjects.envelope(step.json()), step.json(), new BatchWrites());
    run.tenantId = Story.TENANT;
    return new InvoiceFacts(run, object(step, Invoice.class), plans);
  }

  private static List<EmailKind> kinds(List<EmailRule<InvoiceFacts>> rules, InvoiceFacts facts) {
    return rules.stream().filter(r -> r.applies(facts)).map(EmailRule::kind).toList();
  }
}
