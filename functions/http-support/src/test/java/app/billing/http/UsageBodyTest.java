package app.billing.http;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.error.ValidationException;
import app.billing.core.usage.UsageRequest;
import app.billing.testkit.Exceptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageBodyTest {

  @Test
  void readsMeterValueAndKey() {
    assertThat(
            RequestBodies.usage(
                "{\"meter\":\"emails_sent\",\"value\":3,\"idempotency_key\":\"k-1\"}"))
        .isEqualTo(new UsageRequest("emails_sent", 3, "k-1"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"meter\":\"m\",\"value\":0,\"idempotency_key\":\"k\"}                | value",
        "{\"meter\":\"m\",\"value\":-2,\"idempotency_key\":\"k\"}               | value",
        "{\"meter\":\"m\",\"value\":2.5,\"idempotency_key\":\"k\"}              | value",
        "{\"meter\":\"m\",\"value\":\"3\",\"idempotency_key\":\"k\"}            | value",
        "{\"meter\":\"m\",\"value\":1000001,\"idempotency_key\":\"k\"}          | value",
        "{\"meter\":\"m\",\"idempotency_key\":\"k\"}                            | value",
        "{\"value\":1,\"idempotency_key\":\"k\"}                                | meter",
        "{\"meter\":\"m\",\"value\":1}                                          | idempotency_key",
        "{\"meter\":\"m\",\"value\":1,\"idempotency_key\":\"caf\\u00e9\"}       | idempotency_key",
        "{\"meter\":\"m\",\"value\":1,\"idempotency_key\":\"k\",\"customer\":1} | customer",
      })
  void badInputIsA400NamingTheField(String body, String field) {
    ValidationException e =
        Exceptions.thrown(ValidationException.class, () -> RequestBodies.usage(body));

    assertThat(ApiErrors.status(e)).isEqualTo(400);
    assertThat(e.details()).containsEntry("field", field);
  }
}
