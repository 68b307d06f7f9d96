package app.billing.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.error.ValidationException;
import app.billing.core.portal.PortalFlow;
import app.billing.core.portal.PortalRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortalBodyTest {
  @Test
  void emptyBodyOpensTheHomePageWithTheDefaultReturn() {
    assertThat(RequestBodies.portal(""))
        .isEqualTo(new PortalRequest(Optional.empty(), Optional.empty()));
    assertThat(RequestBodies.portal("{}"))
        .isEqualTo(new PortalRequest(Optional.empty(), Optional.empty()));
  }

  @Test
  void readsFlowAndReturnUrl() {
    assertThat(
            RequestBodies.portal(
                "{\"flow\":\"subscription_update\",\"return_url\":\"https://a.example/r\"}"))
        .isEqualTo(
            new PortalRequest(
                Optional.of("https://a.example/r"), Optional.of(PortalFlow.SUBSCRIPTION_UPDATE)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"flow\":\"subscription_update_confirm\"}|flow",
        "{\"flow\":\"delete_everything\"}|flow",
        "{\"flow\":1}|flow",
        "{\"return_url\":false}|return_url",
        "{\"customer\":\"cus_B\"}|customer",
        "{\"configuration\":\"bpc_1\"}|configuration"
      })
  void refusesBadValuesAndUnknownFields(String body, String field) {
    assertThatThrownBy(() -> RequestBodies.portal(body))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.details()).containsEntry("field", field));
  }
}
