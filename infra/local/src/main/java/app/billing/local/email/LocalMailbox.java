package app.billing.local.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import app.billing.local.http.Exchanges;
import app.billing.local.http.LocalPage;
import app.billing.testkit.SesStandIn;
import app.billing.testkit.SesStandIn.SentEmail;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.sun.net.httpserver.HttpExchange;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SES v2 endpoint of the local stack: like the testkit's SesStandIn it answers SendEmail
 * ({@code POST /v2/email/outbound-emails}) for the real SesV2Client, but keeps every email: in
 * memory for {@code GET /_local/emails} ({@link #page()}, on the HTTP API's port) and as an RFC 822
 * {@code .eml} file (Jakarta Mail) in the emails folder, from which it reloads them after a
 * restart.
 */
public final class LocalMailbox implements AutoCloseable {
  static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";
  private static final Logger log = LoggerFactory.getLogger(LocalMailbox.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** One accepted email. {@code to} is the comma-separated recipient list. */
  public record Email(
      String id,
      String from,
      String to,
      String replyTo,
      String subject,
      String text,
      String html,
      Instant time,
      Path file) {

    JsonObject toJson() {
      JsonObject json = new JsonObject();
      json.addProperty("id", id);
      json.addProperty("from", from);
      json.addProperty("to", to);
      json.addProperty("reply_to", replyTo);
      json.addProperty("subject", subject);
      json.addProperty("text", text);
      json.addProperty("html", html);
      json.addProperty("time", time.toString());
      json.addProperty("file", file == null ? null : file.toString());
      return json;
    }
  }

  private final Path folder;
  private final Clock clock;
  private final Session mailSession = Session.getInstance(new Properties());
  private final List<Email> emails = new ArrayList<>();
  private final WireMockServer server;

  private LocalMailbox(Path folder, Clock clock) {
    this.folder = folder;
    this.clock = clock;
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
    reload();
    SendEmailHandler handler = new SendEmailHandler();
    server =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .disableRequestJournal()
                .extensions(handler));
    server.start();
    server.stubFor(
        post(urlPathEqualTo(SEND_EMAIL_PATH))
            .willReturn(aResponse().withTransformers(handler.getName())));
  }

  /**
   * Starts the endpoint; {@code folder} keeps the .eml files (created if missing, read back at
   * start).
   */
  public static LocalMailbox start(Path folder, Clock clock) {
    return new LocalMailbox(folder, clock);
  }

  /** The SES v2 endpoint, for {@code endpointOverride} / {@code AWS_ENDPOINT_URL_SESV2}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  public Path folder() {
    return folder;
  }

  /** Every email, oldest first. */
  public List<Email> emails() {
    synchronized (emails) {
      return List.copyOf(emails);
    }
  }

  /**
   * {@code GET /_local/emails}: the emails as JSON, newest last; {@code GET
   * /_local/emails/{id}.eml}: the file.
   */
  public LocalPage page() {
    return this::handle;
  }

  private boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return false;
    }
    if (path.equals("/_local/emails")) {
      JsonArray list = new JsonArray();
      emails().forEach(email -> list.add(email.toJson()));
      Exchanges.json(exchange, 200, list.toString());
      return true;
    }
    if (path.startsWith("/_local/emails/") && path.endsWith(".eml")) {
      String id = path.substring("/_local/emails/".length(), path.length() - ".eml".length());
      for (Email email : emails()) {
        if (email.id().equals(id) && email.file() != null && Files.isRegularFile(email.file())) {
          Exchanges.send(exchange, 200, "message/rfc822", Files.readString(email.file()));
          return true;
        }
      }
      Exchanges.json(exchange, 404, "{\"message\":\"Not Found\"}");
      return true;
    }
    return false;
  }

  private Email accept(String requestBody) {
    Instant now = clock.instant();
    SentEmail sent = SesStandIn.parseSendEmail(requestBody, now);
    if (sent.subject() == null && sent.text() == null && sent.html() == null) {
      throw new IllegalArgumentException(
          "only Content.Simple emails are supported by the local mailbox");
    }
    String id = FILE_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
    Email email =
        new Email(
            id,
            sent.from(),
            String.join(", ", sent.to()),
            sent.replyTo().isEmpty() ? null : String.join(", ", sent.replyTo()),
            sent.subject(),
            sent.text(),
            sent.html(),
            now,
            folder.resolve(id + ".eml"));
    write(email);
    synchronized (emails) {
      emails.add(email);
    }
    log.info("email to {}: {} ({})", email.to(), email.subject(), email.file().getFileName());
    return email;
  }

  private void write(Email email) {
    try {
      MimeMessage message = new MimeMessage(mailSession);
      message.setFrom(new InternetAddress(email.from()));
      message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(email.to()));
      if (email.replyTo() != null) {
        message.setReplyTo(InternetAddress.parse(email.replyTo()));
      }
      message.setSubject(email.subject(), "UTF-8");
      message.setSentDate(Date.from(email.time()));
      message.setHeader("X-Local-Mailbox-Id", email.id());
      MimeMultipart alternative = new MimeMultipart("alternative");
      if (email.text() != null) {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), "UTF-8", "plain");
        alternative.addBodyPart(text);
      }
      if (email.html() != null) {
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), "UTF-8", "html");
        alternative.addBodyPart(html);
      }
      message.setContent(alternative);
      message.saveChanges();
      try (OutputStream out = Files.newOutputStream(email.file())) {
        message.writeTo(out);
      }
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("cannot write " + email.file(), e);
    }
  }

  /** Emails kept by earlier runs, oldest first (file names start with the time). */
  private void reload() {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          MimeMessage message = new MimeMessage(mailSession, in);
          String name = file.getFileName().toString();
          String[] parts = new String[2];
          collectText(message, parts);
          emails.add(
              new Email(
                  name.substring(0, name.length() - ".eml".length()),
                  addresses(message.getFrom()),
                  addresses(message.getRecipients(Message.RecipientType.TO)),
                  message.getHeader("Reply-To") == null ? null : addresses(message.getReplyTo()),
                  message.getSubject(),
                  parts[0],
                  parts[1],
                  message.getSentDate() == null
                      ? Files.getLastModifiedTime(file).toInstant()
                      : message.getSentDate().toInstant(),
                  file));
        } catch (MessagingException | IOException e) {
          log.warn("skipping unreadable email file {}: {}", file, e.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  private static void collectText(Part part, String[] textAndHtml)
      throws MessagingException, IOException {
    if (part.isMimeType("text/plain") && textAndHtml[0] == null) {
      textAndHtml[0] = (String) part.getContent();
    } else if (part.isMimeType("text/html") && textAndHtml[1] == null) {
      textAndHtml[1] = (String) part.getContent();
    } else if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collectText(child, textAndHtml);
      }
    }
  }

  private static String addresses(jakarta.mail.Address[] addresses) {
    if (addresses == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (jakarta.mail.Address address : addresses) {
      values.add(
          address instanceof InternetAddress internet
              ? internet.toUnicodeString()
              : address.toString());
    }
    return String.join(", ", values);
  }

  @Override
  public void close() {
    server.stop();
  }

  /**
   * Answers SendEmail with a MessageId after keeping the email; a request it cannot read gets SES's
   * 400.
   */
  private final class SendEmailHandler implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      try {
        Email email = accept(serveEvent.getRequest().getBodyAsString());
        JsonObject ok = new JsonObject();
        ok.addProperty("MessageId", email.id());
        return aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody(ok.toString())
            .build();
      } catch (IllegalArgumentException | IllegalStateException | JsonParseException e) {
        JsonObject error = new JsonObject();
        error.addProperty("message", e.getMessage());
        return aResponse()
            .withStatus(400)
            .withHeader("Content-Type", "application/json")
            .withHeader("x-amzn-ErrorType", "BadRequestException")
            .withBody(error.toString())
            .build();
      }
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "local-ses-send-email";
    }
  }
}
