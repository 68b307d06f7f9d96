package app.billing.deploy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.net.Webhook;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Re-signs webhook requests (API Gateway HTTP API v2 events) so they verify now: Stripe's
 * signatures are only accepted for 300 s, so the signed files in events/webhook/ are stale for
 * {@code sam local invoke} a few minutes after they were made.
 *
 * <pre>
 * bin/resign-webhook-events                       # every events/webhook/ file signed with our secret
 * bin/resign-webhook-events --out /tmp/signed     # somewhere else (default target/signed-events/webhook)
 * bin/resign-webhook-events --in-place FILE...    # rewrite the given files
 * bin/resign-webhook-events --secret whsec_... FILE...
 * </pre>
 *
 * <p>The secret defaults to the first of {@code WebhookFunction.STRIPE_WEBHOOK_SECRETS} in
 * events/env.json, the one {@code sam local invoke --env-vars events/env.json} gives the function.
 * Without file arguments it takes the files of events/webhook/ whose signature already verifies
 * with that secret (at any time): unsigned or deliberately broken requests stay as they are. The
 * body is never touched: the signature covers its exact bytes (base64-decoded when API Gateway
 * encoded it).
 */
public final class ResignWebhookEvents {
  static final String HEADER = "stripe-signature";
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private static final DateTimeFormatter API_GATEWAY_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private ResignWebhookEvents() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, Path.of("").toAbsolutePath(), Instant.now(), System.out, System.err));
  }

  static int run(String[] args, Path root, Instant now, PrintStream out, PrintStream err)
      throws IOException {
    String secret = null;
    Path outDir = root.resolve("target/signed-events/webhook");
    boolean inPlace = false;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--secret" -> secret = args[++i];
        case "--out" -> outDir = Path.of(args[++i]).toAbsolutePath();
        case "--in-place" -> inPlace = true;
        case "-h", "--help" -> {
          out.println(
              "usage: resign-webhook-events [--secret whsec_...] [--out DIR | --in-place] [FILE...]");
          return 0;
        }
        default -> files.add(Path.of(args[i]).toAbsolutePath());
      }
    }
    if (secret == null) {
      secret = envJsonSecret(root.resolve("events/env.json"));
    }
    if (files.isEmpty()) {
      try (Stream<Path> listing = Files.list(root.resolve("events/webhook"))) {
        String ours = secret;
        files =
            listing
                .filter(f -> f.toString().endsWith(".json"))
                .sorted()
                .filter(f -> signedWith(read(f), ours))
                .toList();
      }
      if (files.isEmpty()) {
        err.println(
            "no file in events/webhook/ is signed with that secret; name the files to sign");
        return 1;
      }
    }
    for (Path file : files) {
      JsonObject event = read(file);
      String signed = GSON.toJson(resign(event, secret, now)) + "\n";
      Path target = inPlace ? file : outDir.resolve(file.getFileName());
      Files.createDirectories(target.getParent());
      Files.writeString(target, signed, StandardCharsets.UTF_8);
      out.println(target);
    }
    return 0;
  }

  /**
   * The event with a {@code Stripe-Signature} made now with {@code secret}, request time set to
   * now.
   */
  public static JsonObject resign(JsonObject event, String secret, Instant now) {
    JsonObject copy = event.deepCopy();
    JsonObject headers = copy.has("headers") ? copy.getAsJsonObject("headers") : new JsonObject();
    for (String name : List.copyOf(headers.keySet())) {
      if (name.equalsIgnoreCase(HEADER)) {
        headers.remove(name);
      }
    }
    headers.addProperty(HEADER, header(body(copy), secret, now.getEpochSecond()));
    copy.add("headers", headers);
    if (copy.has("requestContext")) {
      JsonObject context = copy.getAsJsonObject("requestContext");
      context.addProperty("timeEpoch", now.toEpochMilli());
      context.addProperty("time", API_GATEWAY_TIME.format(now));
    }
    return copy;
  }

  /** {@code t=<seconds>,v1=<HMAC-SHA256 of "t.payload">}, as Stripe signs. */
  public static String header(String payload, String secret, long timestamp) {
    try {
      return "t="
          + timestamp
          + ",v1="
          + Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** True when the event's signature was made with {@code secret} (whenever that was). */
  public static boolean signedWith(JsonObject event, String secret) {
    JsonObject headers = event.has("headers") ? event.getAsJsonObject("headers") : new JsonObject();
    for (String name : headers.keySet()) {
      if (name.equalsIgnoreCase(HEADER)) {
        try {
          return Webhook.Signature.verifyHeader(
              body(event), headers.get(name).getAsString(), secret, 0);
        } catch (Exception e) {
          return false;
        }
      }
    }
    return false;
  }

  /** The exact text Stripe signed: the body, base64-decoded when API Gateway encoded it. */
  static String body(JsonObject event) {
    if (!event.has("body") || event.get("body").isJsonNull()) {
      return "";
    }
    String body = event.get("body").getAsString();
    boolean base64 = event.has("isBase64Encoded") && event.get("isBase64Encoded").getAsBoolean();
    return base64 ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
  }

  static String envJsonSecret(Path envJson) throws IOException {
    JsonObject env = JsonParser.parseString(Files.readString(envJson)).getAsJsonObject();
    String secrets =
        env.getAsJsonObject("WebhookFunction").get("STRIPE_WEBHOOK_SECRETS").getAsString();
    return secrets.split(",")[0].trim();
  }

  private static JsonObject read(Path file) {
    try {
      return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
