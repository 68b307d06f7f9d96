package app.billing.core.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.error.ApiException;
import app.billing.core.error.ConflictException;
import app.billing.core.error.UpstreamException;
import app.billing.core.port.StripeWrites.FailureKind;
import app.billing.core.port.StripeWrites.StripeCallException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StripeFailuresTest {

  @ParameterizedTest
  @EnumSource(value = FailureKind.class, names = "IDEMPOTENCY", mode = EnumSource.Mode.EXCLUDE)
  void everyOtherKindIs502StripeErrorWithoutStripesMessage(FailureKind kind) {
    Exception stripeSays = new Exception("Invalid API Key provided: sk_test_****wxyz");
    ApiException e =
        StripeFailures.translate(
            new StripeCallException(
                "create a customer", kind, 400, "req_123", "some_code", "email", stripeSays),
            Map.of("success_url", "success_url"));

    assertThat(e).isInstanceOf(UpstreamException.class);
    assertThat(e.code()).isEqualTo("stripe_error");
    assertThat(e.getMessage()).doesNotContain("sk_test").doesNotContain("Invalid API Key");
  }

  /**
   * Our own keys change with the parameters; only a client's Idempotency-Key reused for another
   * request.
   */
  @Test
  void aReusedIdempotencyKeyIs409WithoutStripesMessage() {
    ApiException e =
        StripeFailures.translate(
            new StripeCallException(
                "create a checkout session",
                FailureKind.IDEMPOTENCY,
                400,
                "req_9",
                "idempotency_error",
                null,
                new Exception(
                    "Keys for idempotent requests can only be used with the same parameters")),
            Map.of());

    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(e.code()).isEqualTo("idempotency_key_reused");
    assertThat(e.details()).containsEntry("stripe_request_id", "req_9");
    assertThat(e.getMessage()).doesNotContain("same parameters");
  }

  @ParameterizedTest
  @EnumSource(
      value = FailureKind.class,
      names = {"INVALID_REQUEST", "IDEMPOTENCY"},
      mode = EnumSource.Mode.EXCLUDE)
  void onlyAnInvalidRequestCanBlameTheClientsUrl(FailureKind kind) {
    ApiException e =
        StripeFailures.translate(
            new StripeCallException(
                "create a checkout session", kind, 400, "req_1", null, "success_url", null),
            Map.of("success_url", "success_url"));

    assertThat(e).isInstanceOf(UpstreamException.class);
  }
}
