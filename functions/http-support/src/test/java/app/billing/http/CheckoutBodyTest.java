package app.billing.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.checkout.CheckoutRequest;
import app.billing.core.error.ValidationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckoutBodyTest {

  static ValidationException refused(String body) {
    try {
      RequestBodies.checkout(body);
    } catch (ValidationException e) {
      return e;
    }
    throw new AssertionError("expected 400 for " + body);
  }

  @Test
  void readsEveryField() {
    CheckoutRequest request =
        RequestBodies.checkout(
            """
        {"plan":"pro","billing_cycle":"yearly","success_url":"https://a.example/s",
         "cancel_url":"https://a.example/c","quantity":3}""");

    assertThat(request)
        .isEqualTo(
            new CheckoutRequest(
                "pro",
                Optional.of("yearly"),
                Optional.of("https://a.example/s"),
                Optional.of("https://a.example/c"),
                3));
  }

  @Test
  void quantityDefaultsToOne() {
    assertThat(RequestBodies.checkout("{\"plan\":\"pro\"}").quantity()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"plan\":\"pro\",\"price\":\"price_1\"}|price",
        "{\"plan\":\"pro\",\"price_id\":\"price_1\"}|price_id",
        "{\"plan\":\"pro\",\"line_items\":[{\"price\":\"price_1\",\"quantity\":1}]}|line_items",
        "{\"plan\":\"pro\",\"customer\":\"cus_B\"}|customer",
        "{\"plan\":\"pro\",\"tenantId\":\"tenant-b\"}|tenantId",
        "{}|plan",
        "{\"plan\":7}|plan",
        "{\"plan\":\"\"}|plan",
        "{\"plan\":\"pro\",\"quantity\":0}|quantity",
        "{\"plan\":\"pro\",\"quantity\":101}|quantity",
        "{\"plan\":\"pro\",\"quantity\":1.5}|quantity",
        "{\"plan\":\"pro\",\"quantity\":\"2\"}|quantity",
        "{\"plan\":\"pro\",\"billing_cycle\":[\"monthly\"]}|billing_cycle",
        "{\"plan\":\"pro\",\"success_url\":{}}|success_url"
      })
  void refusesUnknownFieldsAndWrongTypesNamingTheField(String body, String field) {
    assertThat(refused(body).details()).containsEntry("field", field);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "[\"plan\"]",
        "plan=pro",
        "{\"plan\":\"pro\"} trailing",
        "{'plan':'pro'}",
        // A malformed unicode escape (found by RequestBodyFuzzTest; Gson throws
        // NumberFormatException).
        "{\"plan\": \"pro\\u12\"}",
        "{\"p\\uZZZZ\": 1}"
      })
  void malformedJsonIsInvalidJson(String body) {
    assertThat(refused(body).code()).isEqualTo("invalid_json");
  }

  @Test
  void emptyBodyAsksForThePlan() {
    assertThatThrownBy(() -> RequestBodies.checkout(""))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.details()).containsEntry("field", "plan"));
  }
}
