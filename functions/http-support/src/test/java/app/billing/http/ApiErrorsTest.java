package app.billing.http;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.error.ApiException;
import app.billing.core.error.ConflictException;
import app.billing.core.error.ForbiddenException;
import app.billing.core.error.NotFoundException;
import app.billing.core.error.RateLimitedException;
import app.billing.core.error.UnauthorizedException;
import app.billing.core.error.UpstreamException;
import app.billing.core.error.ValidationException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table: every kind of refusal to its status, its error body and its headers. */
class ApiErrorsTest {

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            ValidationException.field("plan", "'plan' is required."),
            400,
            "{\"error\":{\"code\":\"invalid_field\",\"message\":\"'plan' is required.\","
                + "\"field\":\"plan\"}}",
            Map.of()),
        Arguments.of(
            new UnauthorizedException("unauthorized", "A valid API key is required."),
            401,
            "{\"error\":{\"code\":\"unauthorized\",\"message\":\"A valid API key is required.\"}}",
            Map.of()),
        Arguments.of(
            new ForbiddenException("forbidden", "No."),
            403,
            "{\"error\":{\"code\":\"forbidden\",\"message\":\"No.\"}}",
            Map.of()),
        Arguments.of(
            new NotFoundException("no_subscription", "None."),
            404,
            "{\"error\":{\"code\":\"no_subscription\",\"message\":\"None.\"}}",
            Map.of()),
        Arguments.of(
            new ConflictException("already_subscribed", "Already."),
            409,
            "{\"error\":{\"code\":\"already_subscribed\",\"message\":\"Already.\"}}",
            Map.of()),
        Arguments.of(
            new RateLimitedException("Slow down.", 7),
            429,
            "{\"error\":{\"code\":\"rate_limited\",\"message\":\"Slow down.\","
                + "\"retry_after_seconds\":\"7\"}}",
            Map.of("retry-after", "7")),
        Arguments.of(
            new UpstreamException("stripe_unavailable", "Stripe is down."),
            502,
            "{\"error\":{\"code\":\"stripe_unavailable\",\"message\":\"Stripe is down.\"}}",
            Map.of()));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void mapsEachRefusalToItsStatusBodyAndHeaders(
      ApiException refusal, int status, String body, Map<String, String> extraHeaders) {
    APIGatewayV2HTTPResponse response =
        ApiResponses.handle(
            () -> {
              throw refusal;
            });

    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getBody()).isEqualTo(body);
    assertThat(response.getHeaders())
        .containsEntry("content-type", "application/json")
        .containsEntry("cache-control", "no-store")
        .containsAllEntriesOf(extraHeaders)
        .hasSize(2 + extraHeaders.size());
    assertThat(response.getIsBase64Encoded()).isFalse();
    assertThat(ApiErrors.status(refusal)).isEqualTo(status);
  }
}
