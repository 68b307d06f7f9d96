package app.billing.http;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3.1 description of the HTTP API ({@link Routes#ALL}), kept next to the route table as
 * a classpath resource so the account function serves it ({@code GET /billing/openapi.json}) and
 * tests read the very same file.
 */
public final class OpenApiDocument {
  /** The document's classpath location. */
  public static final String RESOURCE = "/app/billing/http/openapi.json";

  private OpenApiDocument() {}

  /** The document's text, as stored. */
  public static String text() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document, parsed. */
  public static JsonObject json() {
    return JsonParser.parseString(text()).getAsJsonObject();
  }
}
