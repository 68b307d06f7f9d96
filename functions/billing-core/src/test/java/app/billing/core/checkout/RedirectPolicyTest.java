package app.billing.core.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.error.ValidationException;
import app.billing.testkit.Exceptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectPolicyTest {
  static final String DEFAULT = "https://app.example.com/billing/done";
  final RedirectPolicy policy =
      new RedirectPolicy(
          List.of(
              "https://Shop.Example.com:443/",
              "http://localhost:3000",
              "https://staging.example.com:8443"),
          List.of(DEFAULT));

  static ValidationException refused(Runnable call) {
    return Exceptions.thrown(ValidationException.class, call);
  }

  @Test
  void originsAreNormalisedAndDefaultsIncluded() {
    assertThat(policy.allowedOrigins())
        .containsExactly(
            "http://localhost:3000",
            "https://app.example.com",
            "https://shop.example.com",
            "https://staging.example.com:8443");
  }

  @Test
  void absentUrlFallsBackToTheDefault() {
    assertThat(policy.resolve("success_url", Optional.empty(), DEFAULT)).isEqualTo(DEFAULT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://shop.example.com/thanks",
        "https://SHOP.example.com:443/x?y=1",
        "http://localhost:3000/back",
        "https://staging.example.com:8443/ok?session={CHECKOUT_SESSION_ID}",
        "https://app.example.com/elsewhere"
      })
  void allowedOriginsPassUnchanged(String url) {
    assertThat(policy.resolve("success_url", Optional.of(url), DEFAULT)).isEqualTo(url);
  }

  @ParameterizedTest
  @CsvSource({
    "https://evil.example.net/x, redirect_not_allowed",
    "https://shop.example.com.evil.net/x, redirect_not_allowed",
    "https://staging.example.com/x, redirect_not_allowed",
    "http://shop.example.com/x, redirect_not_allowed",
    "http://localhost:4000/x, redirect_not_allowed",
    "https://shop.example.com@evil.example.net/x, redirect_not_allowed",
    "javascript:alert(1), invalid_field",
    "/relative/path, invalid_field",
    "not a url, invalid_field",
    "ftp://shop.example.com/x, redirect_not_allowed"
  })
  void otherUrlsAreRefusedNamingTheField(String url, String code) {
    ValidationException e = refused(() -> policy.resolve("cancel_url", Optional.of(url), DEFAULT));

    assertThat(e.code()).isEqualTo(code);
    assertThat(e.details()).isEqualTo(Map.of("field", "cancel_url"));
  }

  @Test
  void overlongUrlIsRefused() {
    String url = "https://shop.example.com/" + "a".repeat(RedirectPolicy.MAX_URL_LENGTH);

    assertThat(refused(() -> policy.resolve("return_url", Optional.of(url), DEFAULT)).code())
        .isEqualTo("invalid_field");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://app.example.com/path",
        "http://app.example.com",
        "app.example.com",
        "https://app.example.com?x=1",
        "https://user@app.example.com"
      })
  void configuredOriginsMustBeBareSecureOrigins(String origin) {
    assertThat(RedirectPolicy.originProblem(origin)).isPresent();
    assertThatThrownBy(() -> new RedirectPolicy(List.of(origin), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://app.example.com/done", "/done", "https://"})
  void configuredUrlsMustBeAbsoluteAndSecure(String url) {
    assertThat(RedirectPolicy.urlProblem(url)).isPresent();
  }

  @Test
  void localHttpIsAcceptedInConfiguration() {
    assertThat(RedirectPolicy.originProblem("http://127.0.0.1:8080")).isEmpty();
    assertThat(RedirectPolicy.urlProblem("http://localhost:3000/done")).isEmpty();
  }
}
