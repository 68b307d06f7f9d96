package app.billing.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

class SesStandInIT {
  @AutoClose private static SesStandIn ses;
  @AutoClose private static SesV2Client client;

  @BeforeAll
  static void start() {
    ses = SesStandIn.start();
    client =
        LocalAws.configure(SesV2Client.builder(), ses.endpoint())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @BeforeEach
  void reset() {
    ses.reset();
  }

  @Test
  void capturesSimpleEmails() {
    Instant before = Instant.now().minusSeconds(1);
    String messageId = client.sendEmail(welcomeEmail()).messageId();

    assertThat(messageId).isNotBlank();
    assertThat(ses.sentEmails())
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(mail.from()).isEqualTo("billing@example.com");
              assertThat(mail.to()).containsExactly("ada@example.com", "bob@example.com");
              assertThat(mail.replyTo()).containsExactly("support@example.com");
              assertThat(mail.subject()).isEqualTo("Welcome");
              assertThat(mail.text()).isEqualTo("Hello Ada");
              assertThat(mail.html()).isEqualTo("<p>Hello Ada</p>");
              assertThat(mail.receivedAt()).isAfter(before);
            });
  }

  @Test
  void throttledSendSurfacesAsTooManyRequestsAndIsNotRecorded() {
    ses.failNext(1, 429, "TooManyRequestsException");

    assertThatThrownBy(() -> client.sendEmail(welcomeEmail()))
        .isInstanceOfSatisfying(
            TooManyRequestsException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
    client.sendEmail(welcomeEmail()); // the failure budget is used up

    assertThat(ses.sentEmails()).hasSize(1);
  }

  private static SendEmailRequest welcomeEmail() {
    return SendEmailRequest.builder()
        .fromEmailAddress("billing@example.com")
        .destination(d -> d.toAddresses("ada@example.com", "bob@example.com"))
        .replyToAddresses("support@example.com")
        .content(
            c ->
                c.simple(
                    m ->
                        m.subject(s -> s.data("Welcome"))
                            .body(
                                b ->
                                    b.text(t -> t.data("Hello Ada"))
                                        .html(h -> h.data("<p>Hello Ada</p>")))))
        .build();
  }
}
