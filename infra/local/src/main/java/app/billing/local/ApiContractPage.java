package app.billing.local;

import app.billing.http.OpenApiDocument;
import app.billing.local.http.Exchanges;
import app.billing.local.http.Html;
import app.billing.local.http.LocalPage;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /_local/api}: the OpenAPI document ({@code GET /billing/openapi.json}) rendered as a
 * list of operations: method, path, summary, API key or public, parameters, request body and every
 * documented status with its description. Rendered from the very document the API serves.
 */
final class ApiContractPage implements LocalPage {
  static final String PATH = "/_local/api";

  @Override
  public boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    if (!path.equals(PATH) || !(method.equals("GET") || method.equals("HEAD"))) {
      return false;
    }
    Exchanges.html(exchange, 200, html(OpenApiDocument.json()));
    return true;
  }

  static String html(JsonObject document) {
    JsonObject info = document.getAsJsonObject("info");
    StringBuilder body = new StringBuilder();
    body.append("<h1>")
        .append(Html.escape(info.get("title").getAsString()))
        .append("</h1><p class=\"muted\">OpenAPI ")
        .append(Html.escape(document.get("openapi").getAsString()))
        .append(" · <a href=\"/billing/openapi.json\">/billing/openapi.json</a> · ")
        .append("<a href=\"/\">demo page</a></p>")
        .append("<div class=\"card\"><pre>")
        .append(Html.escape(info.get("description").getAsString()))
        .append("</pre></div>");
    for (Map.Entry<String, JsonElement> path : document.getAsJsonObject("paths").entrySet()) {
      for (Map.Entry<String, JsonElement> entry : path.getValue().getAsJsonObject().entrySet()) {
        operation(body, entry.getKey(), path.getKey(), entry.getValue().getAsJsonObject());
      }
    }
    return Html.page("API contract", "API contract", body.toString());
  }

  private static void operation(StringBuilder out, String method, String path, JsonObject op) {
    boolean isPublic = op.has("security") && op.getAsJsonArray("security").isEmpty();
    out.append("<div class=\"card\" id=\"")
        .append(Html.escape(op.get("operationId").getAsString()))
        .append("\"><h2><code>")
        .append(method.toUpperCase(Locale.ROOT))
        .append(" ")
        .append(Html.escape(path))
        .append("</code> <span class=\"status ")
        .append(isPublic ? "none\">public" : "active\">API key")
        .append("</span></h2><p>")
        .append(Html.escape(op.get("summary").getAsString()))
        .append("</p>");
    if (op.has("description")) {
      out.append("<p class=\"muted\">")
          .append(Html.escape(op.get("description").getAsString()))
          .append("</p>");
    }
    if (op.has("parameters")) {
      out.append("<p>Parameters: ");
      for (JsonElement parameter : op.getAsJsonArray("parameters")) {
        JsonObject p = parameter.getAsJsonObject();
        String name =
            p.has("$ref")
                ? p.get("$ref").getAsString().replaceAll(".*/", "")
                : p.get("name").getAsString() + " (" + p.get("in").getAsString() + ")";
        out.append("<code>").append(Html.escape(name)).append("</code> ");
      }
      out.append("</p>");
    }
    if (op.has("requestBody")) {
      out.append("<p>Body: <code>")
          .append(Html.escape(schemaName(op.getAsJsonObject("requestBody"))))
          .append("</code></p>");
    }
    out.append("<table>");
    for (Map.Entry<String, JsonElement> response : op.getAsJsonObject("responses").entrySet()) {
      JsonObject r = response.getValue().getAsJsonObject();
      String description =
          r.has("$ref")
              ? r.get("$ref").getAsString().replaceAll(".*/", "")
              : r.get("description").getAsString();
      out.append("<tr><td><code>")
          .append(Html.escape(response.getKey()))
          .append("</code></td><td>")
          .append(Html.escape(description))
          .append("</td></tr>");
    }
    out.append("</table></div>");
  }

  private static String schemaName(JsonObject withContent) {
    JsonObject schema =
        withContent
            .getAsJsonObject("content")
            .getAsJsonObject("application/json")
            .getAsJsonObject("schema");
    return schema.has("$ref") ? schema.get("$ref").getAsString().replaceAll(".*/", "") : "object";
  }
}
