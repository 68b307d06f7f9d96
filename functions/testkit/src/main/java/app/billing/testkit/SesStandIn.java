package app.billing.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SES v2 stand-in: answers SendEmail ({@code POST /v2/email/outbound-emails}) so the real
 * SesV2Client can be pointed at {@link #endpoint()}. Accepted mails are read back from the WireMock
 * request journal.
 */
public final class SesStandIn implements AutoCloseable {
  static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";

  /**
   * One accepted SendEmail call (Content.Simple only; raw/template mails have null
   * subject/text/html).
   */
  public record SentEmail(
      String from,
      List<String> to,
      List<String> replyTo,
      String subject,
      String text,
      String html,
      Instant receivedAt) {}

  private final SendEmailResponder responder = new SendEmailResponder();
  private final WireMockServer server;

  private SesStandIn() {
    server =
        new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(responder));
    server.start();
    server.stubFor(
        post(urlPathEqualTo(SEND_EMAIL_PATH))
            .willReturn(aResponse().withTransformers(responder.getName())));
  }

  public static SesStandIn start() {
    return new SesStandIn();
  }

  public URI endpoint() {
    return URI.create(server.baseUrl());
  }

  /**
   * The next {@code count} SendEmail calls fail with {@code httpStatus}, header {@code
   * x-amzn-ErrorType} and a JSON message, e.g. {@code failNext(1, 429,
   * "TooManyRequestsException")}. Replaces any earlier failure plan.
   */
  public void failNext(int count, int httpStatus, String awsErrorType) {
    responder.failNext(count, httpStatus, awsErrorType);
  }

  /** Mails that got a 200 answer, oldest first. */
  public List<SentEmail> sentEmails() {
    List<SentEmail> sent = new ArrayList<>();
    for (ServeEvent event : server.getAllServeEvents().reversed()) { // the journal is newest first
      if (event.getRequest().getUrl().startsWith(SEND_EMAIL_PATH)
          && event.getResponse().getStatus() == 200) {
        sent.add(parse(event));
      }
    }
    return sent;
  }

  /** Clears the request journal and any pending failures. */
  public void reset() {
    server.resetRequests();
    responder.failNext(0, 0, null);
  }

  @Override
  public void close() {
    server.stop();
  }

  private static SentEmail parse(ServeEvent event) {
    return parseSendEmail(
        event.getRequest().getBodyAsString(), event.getRequest().getLoggedDate().toInstant());
  }

  /**
   * Reads an SES v2 SendEmail request body (Content.Simple); the local stack's mailbox uses it too.
   * Subject, text and html are null for raw or template content.
   */
  public static SentEmail parseSendEmail(String requestBody, Instant receivedAt) {
    JsonObject body = JsonParser.parseString(requestBody).getAsJsonObject();
    JsonObject simple = object(object(body, "Content"), "Simple");
    JsonObject simpleBody = object(simple, "Body");
    return new SentEmail(
        string(body, "FromEmailAddress"),
        strings(object(body, "Destination"), "ToAddresses"),
        strings(body, "ReplyToAddresses"),
        string(object(simple, "Subject"), "Data"),
        string(object(simpleBody, "Text"), "Data"),
        string(object(simpleBody, "Html"), "Data"),
        receivedAt);
  }

  // Null-tolerant accessors: every part of the SES request besides the sender is optional.
  private static JsonObject object(JsonObject parent, String name) {
    return parent != null && parent.get(name) instanceof JsonObject child ? child : null;
  }

  private static String string(JsonObject parent, String name) {
    return parent != null && parent.has(name) && !parent.get(name).isJsonNull()
        ? parent.get(name).getAsString()
        : null;
  }

  private static List<String> strings(JsonObject parent, String name) {
    if (parent == null || !(parent.get(name) instanceof JsonArray array)) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (JsonElement element : array) {
      values.add(element.getAsString());
    }
    return List.copyOf(values);
  }

  /**
   * Answers SendEmail with a fresh MessageId, or with the planned failure while the failure budget
   * lasts.
   */
  private static final class SendEmailResponder implements ResponseDefinitionTransformerV2 {
    private record Failure(int remaining, int status, String errorType) {}

    private Failure failure = new Failure(0, 0, null);

    synchronized void failNext(int count, int status, String errorType) {
      failure = new Failure(count, status, errorType);
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
      if (failure.remaining() > 0) {
        failure = new Failure(failure.remaining() - 1, failure.status(), failure.errorType());
        JsonObject error = new JsonObject();
        error.addProperty("message", failure.errorType() + " simulated by SesStandIn");
        return aResponse()
            .withStatus(failure.status())
            .withHeader("Content-Type", "application/json")
            .withHeader("x-amzn-ErrorType", failure.errorType())
            .withBody(error.toString())
            .build();
      }
      JsonObject ok = new JsonObject();
      ok.addProperty("MessageId", UUID.randomUUID().toString());
      return aResponse()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody(ok.toString())
          .build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "ses-send-email";
    }
  }
}
