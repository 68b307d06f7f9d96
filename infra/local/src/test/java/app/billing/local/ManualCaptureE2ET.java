package app.billing.local;

import static app.billing.local.RecoveryFixtures.adminOk;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.catalog.Catalog;
import app.billing.core.testing.Fixtures;
import app.billing.local.RecoveryFixtures.AdminRun;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Manual capture through the local stack: the workshop is sold with {@code capture_method=manual};
 * paying only authorizes the card (purchase {@code authorized}, an order-received email, no
 * credits). {@code bin/admin capture} charges it ({@code paid}, credits, receipt); {@code bin/admin
 * cancel-authorization} releases another ({@code canceled}, an email).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManualCaptureE2ET {
  @AutoClose private static RunningStack stack;
  @AutoClose private static DynamoDbClient dynamo;
  private static StackEndpoints endpoints;

  @BeforeAll
  static void start() {
    String catalog =
        Fixtures.resource(Catalog.RESOURCE)
            .replace("\"credits\": 5", "\"credits\": 5, \"capture_method\": \"manual\"");
    assertThat(catalog).contains("\"capture_method\": \"manual\"");
    stack = RunningStack.start("manual-capture", Map.of("PLAN_CATALOG", catalog));
    endpoints = StackEndpoints.of(stack);
    dynamo = RecoveryFixtures.dynamo(endpoints);
  }

  /** Buys the workshop and pays on the stand-in's page; returns the purchase id. */
  private static String buyAndAuthorize() {
    String checkoutUrl = stack.checkout("{\"plan\":\"onboarding_workshop\"}");
    assertThat(stack.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
    assertThat(stack.get(checkoutUrl).body()).contains("Payment authorized");
    String sessionId = checkoutUrl.substring(checkoutUrl.lastIndexOf('/') + 1);
    RunningStack.await("the purchase authorized", () -> status(sessionId), "authorized"::equals);
    return sessionId;
  }

  private static String status(String purchaseId) {
    return payment(purchaseId).map(p -> p.get("status").getAsString()).orElse("none");
  }

  private static Optional<JsonObject> payment(String purchaseId) {
    for (JsonElement p : stack.getWithKey("/billing/payments").object().getAsJsonArray("data")) {
      if (p.getAsJsonObject().get("id").getAsString().equals(purchaseId)) {
        return Optional.of(p.getAsJsonObject());
      }
    }
    return Optional.empty();
  }

  private static AdminRun operator(String command, String purchaseId) {
    return RecoveryFixtures.admin(
        endpoints,
        dynamo,
        LocalStack.TABLE_NAME,
        command,
        "--tenant",
        stack.info().tenantId(),
        "--purchase",
        purchaseId);
  }

  @Test
  @Order(1)
  void anAuthorizedPurchaseIsCapturedByTheOperator() {
    String purchase = buyAndAuthorize();
    RunningStack.await(
        "the order-received email",
        () -> stack.emailsWithSubject("Order received: Onboarding workshop, $299.00 authorized"),
        n -> n == 1);
    assertThat(payment(purchase).orElseThrow().get("amount_paid").getAsLong()).isZero();
    assertThat(stack.subscription().get("credits_balance").getAsLong()).isZero();
    assertThat(stack.emailsWithSubject("Receipt for")).isZero();

    AdminRun captured = operator("capture", purchase);
    assertThat(captured.exitCode()).as(captured.err()).isZero();
    assertThat(captured.out()).contains("Captured purchase " + purchase, "Stripe says succeeded");

    RunningStack.await("the purchase paid", () -> status(purchase), "paid"::equals);
    stack.awaitSubscription("5 credits", s -> s.get("credits_balance").getAsLong() == 5);
    RunningStack.await(
        "the receipt",
        () -> stack.emailsWithSubject("Receipt for Onboarding workshop: $299.00"),
        n -> n == 1);
    assertThat(payment(purchase).orElseThrow().get("amount_paid").getAsLong()).isEqualTo(29_900);

    // Capturing again is refused before Stripe: the purchase is paid.
    AdminRun again = operator("capture", purchase);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("is paid");
    stack.awaitQueueDrained();
    assertThat(stack.emailsWithSubject("Order received")).isEqualTo(1);
    assertThat(stack.dlq()).isEmpty();
  }

  @Test
  @Order(2)
  void anotherAuthorizationIsReleasedAndTheCustomerTold() {
    long credits = stack.subscription().get("credits_balance").getAsLong();
    String purchase = buyAndAuthorize();

    adminOk(
        endpoints,
        dynamo,
        LocalStack.TABLE_NAME,
        "cancel-authorization",
        "--tenant",
        stack.info().tenantId(),
        "--purchase",
        purchase);

    RunningStack.await("the purchase canceled", () -> status(purchase), "canceled"::equals);
    RunningStack.await(
        "the cancellation email",
        () -> stack.emailsWithSubject("Order canceled: Onboarding workshop"),
        n -> n == 1);
    stack.awaitQueueDrained();
    assertThat(stack.subscription().get("credits_balance").getAsLong()).isEqualTo(credits);
    assertThat(stack.emailsWithSubject("Order received")).isEqualTo(2);
    assertThat(stack.emailsWithSubject("Receipt for")).isEqualTo(1);
    assertThat(operator("capture", purchase).err()).contains("is canceled");
    assertThat(
            RecoveryFixtures.admin(
                    endpoints,
                    dynamo,
                    LocalStack.TABLE_NAME,
                    "capture",
                    "--tenant",
                    "t_nobody",
                    "--purchase",
                    purchase)
                .err())
        .contains("has no purchase");
    assertThat(stack.dlq()).isEmpty();
  }
}
