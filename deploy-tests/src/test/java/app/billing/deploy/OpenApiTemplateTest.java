package app.billing.deploy;

import static app.billing.deploy.Template.map;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.http.OpenApiDocument;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's HTTP API events are exactly the OpenAPI document's operations, each guarded by
 * the authorizer exactly when the document says it needs the API key.
 */
class OpenApiTemplateTest {
  @Test
  void theTemplatesRoutesAreTheDocumentsOperations() {
    Template template = Template.get();
    Map<String, Boolean> declared = new TreeMap<>();
    for (String function : template.functions()) {
      for (Map<String, Object> event : template.eventsOfType(function, "HttpApi")) {
        Object authorizer =
            event.get("Auth") == null ? null : map(event.get("Auth")).get("Authorizer");
        declared.put(event.get("Method") + " " + event.get("Path"), !"NONE".equals(authorizer));
      }
    }

    JsonObject document = OpenApiDocument.json();
    Map<String, Boolean> documented = new TreeMap<>();
    for (Map.Entry<String, JsonElement> path : document.getAsJsonObject("paths").entrySet()) {
      for (Map.Entry<String, JsonElement> operation :
          path.getValue().getAsJsonObject().entrySet()) {
        JsonObject op = operation.getValue().getAsJsonObject();
        boolean guarded = !op.has("security") || !op.getAsJsonArray("security").isEmpty();
        documented.put(operation.getKey().toUpperCase() + " " + path.getKey(), guarded);
      }
    }

    assertThat(declared).hasSizeGreaterThan(5).isEqualTo(documented);
  }
}
