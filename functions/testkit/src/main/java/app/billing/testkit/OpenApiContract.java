package app.billing.testkit;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * An OpenAPI 3.1 document as tests check the API against it: its operations and documented
 * statuses, and each real response body validated (networknt json-schema-validator, JSON Schema
 * 2020-12 with the OAS 3.1 dialect) against the schema the document gives for that operation and
 * status, {@code $ref}s resolved within the document.
 */
public final class OpenApiContract {
  /** The base IRI the document is registered under, so {@code #/components/...} refs resolve. */
  private static final String BASE = "https://billing.invalid/openapi.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode document;
  private final SchemaRegistry registry;

  public OpenApiContract(String documentText) {
    this.document = MAPPER.readTree(documentText);
    this.registry =
        SchemaRegistry.withDefaultDialect(
            Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(BASE, documentText)));
  }

  public JsonNode document() {
    return document;
  }

  /** Every operation as {@code METHOD /path}, e.g. {@code POST /billing/checkout}. */
  public TreeSet<String> operations() {
    TreeSet<String> operations = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (String method : path.getValue().propertyNames()) {
        operations.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
      }
    }
    return operations;
  }

  /** The operation object of {@code METHOD /path}. */
  public Optional<JsonNode> operation(String operation) {
    String[] parts = operation.split(" ", 2);
    JsonNode node =
        document.path("paths").path(parts[1]).path(parts[0].toLowerCase(java.util.Locale.ROOT));
    return node.isMissingNode() ? Optional.empty() : Optional.of(node);
  }

  /** The statuses the document lists for an operation. */
  public TreeSet<Integer> statuses(String operation) {
    TreeSet<Integer> statuses = new TreeSet<>();
    operation(operation)
        .ifPresent(
            o ->
                o.path("responses").propertyNames().forEach(s -> statuses.add(Integer.valueOf(s))));
    return statuses;
  }

  /**
   * What is wrong with a real response: its status not documented for the operation, or its body
   * not matching the documented schema. Empty when it is as documented.
   */
  public List<String> check(String operation, int status, String body) {
    JsonNode operationNode = operation(operation).orElse(null);
    if (operationNode == null) {
      return List.of(operation + " is not in the document");
    }
    String pointer =
        "/paths/"
            + escape(operation.split(" ", 2)[1])
            + "/"
            + operation.split(" ", 2)[0].toLowerCase(java.util.Locale.ROOT)
            + "/responses/"
            + status;
    JsonNode response = at(pointer);
    if (response.isMissingNode()) {
      return List.of(operation + " does not document status " + status + " (body " + body + ")");
    }
    if (response.has("$ref")) {
      pointer = response.get("$ref").asString().substring(1);
    }
    return checkBody(pointer, operation + " " + status, body);
  }

  /**
   * What is wrong with a body answered as the reusable response {@code
   * #/components/responses/<name>} (e.g. API Gateway's 404 for an unknown route).
   */
  public List<String> checkComponentResponse(String name, String body) {
    String pointer = "/components/responses/" + escape(name);
    if (at(pointer).isMissingNode()) {
      return List.of("no response " + name + " in components");
    }
    return checkBody(pointer, name, body);
  }

  /**
   * Compiles every schema reachable at the given JSON pointers (refs included); what cannot be
   * compiled or resolved is returned.
   */
  public List<String> compile(String schemaPointer) {
    try {
      Schema schema = schema(schemaPointer);
      schema.initializeValidators();
      return List.of();
    } catch (RuntimeException e) {
      return List.of(schemaPointer + ": " + e);
    }
  }

  /** What is wrong with {@code json} against the schema at {@code schemaPointer}. */
  public List<String> validate(String schemaPointer, String json) {
    List<String> problems = new ArrayList<>();
    for (Error error : schema(schemaPointer).validate(json, InputFormat.JSON)) {
      problems.add(schemaPointer + ": " + error);
    }
    return problems;
  }

  private List<String> checkBody(String responsePointer, String what, String body) {
    JsonNode content = at(responsePointer + "/content");
    if (content.isMissingNode() || content.isEmpty()) {
      return body == null || body.isEmpty()
          ? List.of()
          : List.of(what + " documents no body but got " + body);
    }
    Iterator<String> types = content.propertyNames().iterator();
    String type = types.next();
    if (!"application/json".equals(type)) {
      return List.of(what + " documents " + type + ", not application/json");
    }
    List<String> problems = new ArrayList<>();
    for (String problem : validate(responsePointer + "/content/application~1json/schema", body)) {
      problems.add(what + ": " + problem + " (body " + body + ")");
    }
    return problems;
  }

  private Schema schema(String pointer) {
    return registry.getSchema(SchemaLocation.of(BASE + "#" + pointer));
  }

  private JsonNode at(String pointer) {
    return document.at(pointer);
  }

  /** A JSON pointer token: {@code ~} and {@code /} escaped. */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
