package app.billing.local;

import static app.billing.local.RecoveryFixtures.admin;
import static app.billing.local.RecoveryFixtures.adminOk;
import static app.billing.local.RunningStack.status;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.dynamodb.DynamoBillingStore;
import app.billing.local.RecoveryFixtures.AdminRun;
import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A customer created outside our checkout (as in the Dashboard or by a Payment Link: no tenant in
 * its metadata) subscribes; its events are parked. {@code bin/admin parked} shows them and {@code
 * bin/admin link-customer} links the customer to the tenant, backfills it and replays the parked
 * events: the records appear and the parked items are gone.
 */
class LinkCustomerE2ET {
  private static final String PRO_MONTHLY = "price_14K14PSb7kQ2wLn5JNF92G3q";

  @AutoClose private static RunningStack stack;
  @AutoClose private static DynamoDbClient dynamo;
  private static StackEndpoints endpoints;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("link-customer", Map.of());
    endpoints = StackEndpoints.of(stack);
    dynamo = RecoveryFixtures.dynamo(endpoints);
  }

  @Test
  void linkingADashboardCustomerReplaysItsParkedEventsAndBackfillsIt() throws Exception {
    String tenantId = stack.info().tenantId();
    StripeClient stripe = RecoveryFixtures.stripe(endpoints);
    Customer customer =
        stripe
            .v1()
            .customers()
            .create(
                CustomerCreateParams.builder()
                    .setEmail("ops@dashboard.example")
                    .setName("Created in the Dashboard")
                    .build());
    Session session =
        stripe
            .v1()
            .checkout()
            .sessions()
            .create(
                SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                    .setCustomer(customer.getId())
                    .addLineItem(
                        SessionCreateParams.LineItem.builder()
                            .setPrice(PRO_MONTHLY)
                            .setQuantity(1L)
                            .build())
                    .setSuccessUrl(stack.url("/?checkout=success"))
                    .build());
    assertThat(stack.postForm(session.getUrl() + "/pay", Map.of()).status()).isEqualTo(303);

    // Nothing names a tenant: every event of that customer is parked.
    stack.awaitQueueDrained();
    AdminRun parked =
        RunningStack.await(
            "the customer's events parked",
            () ->
                adminOk(
                    endpoints,
                    dynamo,
                    LocalStack.TABLE_NAME,
                    "parked",
                    "--customer",
                    customer.getId()),
            run ->
                run.out().contains("customer.subscription.created")
                    && run.out().contains("invoice.paid"));
    assertThat(parked.out()).contains("checkout.session.completed", "EXPIRES AT");
    assertThat(stack.subscription().get("status").getAsString()).isEqualTo("none");

    AdminRun linked =
        adminOk(
            endpoints,
            dynamo,
            LocalStack.TABLE_NAME,
            "link-customer",
            "--tenant",
            tenantId,
            "--customer",
            customer.getId());

    assertThat(linked.out())
        .contains(
            "Linked " + customer.getId() + " to tenant " + tenantId,
            "written: 1 subscription, 1 payments, 1 entitlements, 1 customer",
            "Replayed ");
    // Backfilled at once; the replayed events are older and change nothing, then leave parking.
    assertThat(stack.subscription().get("status").getAsString()).isEqualTo("active");
    stack.awaitSubscription(
        "pro with entitlements",
        status("active")
            .and(
                s ->
                    "pro".equals(s.get("plan").getAsString())
                        && !s.getAsJsonArray("entitlements").isEmpty()));
    RunningStack.await(
        "parked items gone",
        () -> admin(endpoints, dynamo, LocalStack.TABLE_NAME, "parked").out(),
        out -> out.equals("No parked events.\n"));
    stack.awaitQueueDrained();
    assertThat(stack.dlq()).isEmpty();
    DynamoBillingStore store = new DynamoBillingStore(dynamo, LocalStack.TABLE_NAME);
    assertThat(store.payments(tenantId)).hasSize(1);
    assertThat(store.lookup(customer.getId()).tenantId()).contains(tenantId);
    assertThat(stack.getWithKey("/billing/payments").object().getAsJsonArray("data")).hasSize(1);
    // The subscription predates the link: no welcome; the parked payment's receipt goes out once.
    assertThat(stack.emailsWithSubject("Welcome")).isZero();
    RunningStack.await(
        "the receipt of the parked payment",
        () -> stack.emailsWithSubject("receipt"),
        n -> n == 1L);

    // Linking again is harmless; another tenant cannot take the customer.
    assertThat(
            adminOk(
                    endpoints,
                    dynamo,
                    LocalStack.TABLE_NAME,
                    "link-customer",
                    "--tenant",
                    tenantId,
                    "--customer",
                    customer.getId())
                .out())
        .contains("Already linked", "No parked events.");
    AdminRun unknown =
        admin(
            endpoints,
            dynamo,
            LocalStack.TABLE_NAME,
            "link-customer",
            "--tenant",
            "t_nobody",
            "--customer",
            customer.getId());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("There is no tenant t_nobody.");
  }
}
