package app.billing.http;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.account.SubscriptionView;
import app.billing.testkit.OpenApiContract;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document is valid OpenAPI 3.1 and describes exactly the routes of {@link Routes#ALL},
 * with the authorizer exactly where the route table has it. The responses the API really gives are
 * checked against it in the local stack's ApiContractE2ET.
 */
class OpenApiDocumentTest {
  private static final String TEXT = OpenApiDocument.text();
  private static final OpenApiContract CONTRACT = new OpenApiContract(TEXT);

  @Test
  void isValidOpenApi31ForSwaggerParser() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(TEXT, null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
  }

  @Test
  void everySchemaCompilesUnderTheOas31DialectWithItsRefsResolved() {
    List<String> problems = new ArrayList<>();
    List<String> pointers = schemaPointers("", CONTRACT.document());
    assertThat(pointers).hasSizeGreaterThan(20);
    pointers.forEach(p -> problems.addAll(CONTRACT.compile(p)));
    assertThat(problems).isEmpty();
  }

  @Test
  void everyExampleMatchesItsSchema() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> schema :
        CONTRACT.document().path("components").path("schemas").properties()) {
      if (schema.getValue().has("example")) {
        problems.addAll(
            CONTRACT.validate(
                "/components/schemas/" + schema.getKey(),
                schema.getValue().get("example").toString()));
      }
    }
    assertThat(problems).isEmpty();
    assertThat(
            CONTRACT.validate(
                "/components/schemas/CheckoutRequest", "{\"plan\":\"pro\",\"price_id\":\"x\"}"))
        .as("a schema that can fail")
        .isNotEmpty();
  }

  @Test
  void aPaymentShowsItsReceiptPaymentIntentRefundAndDispute() {
    String refunded =
        """
        {"id":"cs_1","type":"purchase","amount":29900,"amount_paid":29900,"currency":"usd",
         "status":"partially_refunded","description":"Workshop","created":"2026-09-02T08:00:00Z",
         "hosted_invoice_url":null,"invoice_pdf":null,
         "receipt_url":"https://pay.stripe.com/receipts/ch_1","payment_intent":"pi_1",
         "amount_refunded":10000,"dispute":{"status":"needs_response","reason":"fraudulent"}}
        """;
    assertThat(CONTRACT.validate("/components/schemas/Payment", refunded)).isEmpty();
    assertThat(
            CONTRACT.validate(
                "/components/schemas/Payment",
                refunded.replace("\"dispute\":{", "\"dispute\":{\"opened\":true,")))
        .as("a dispute has exactly status and reason")
        .isNotEmpty();
    assertThat(
            CONTRACT.validate(
                "/components/schemas/Payment", refunded.replace("\"amount_refunded\":10000,", "")))
        .as("amount_refunded is required")
        .isNotEmpty();
  }

  @Test
  void theSubscriptionViewWithSeveralSubscriptionsMatchesItsSchema() {
    SubscriptionView.Item live =
        new SubscriptionView.Item(
            "sub_2",
            "starter",
            "Starter",
            "active",
            "full",
            null,
            "monthly",
            3,
            "2026-10-01T08:00:00Z",
            "2026-11-01T08:00:00Z",
            null,
            false,
            null,
            null);
    SubscriptionView.Item ended =
        new SubscriptionView.Item(
            "sub_1",
            null,
            null,
            "canceled",
            "none",
            null,
            null,
            1,
            null,
            null,
            null,
            false,
            null,
            "2026-10-15T09:00:00Z");
    SubscriptionView view =
        new SubscriptionView(
            "usr_1",
            "cus_1",
            "starter",
            "Starter",
            "active",
            "full",
            null,
            List.of("core_app"),
            Map.of("seats", 9L),
            List.of(),
            "2026-10-01T08:00:00Z",
            "2026-11-01T08:00:00Z",
            null,
            false,
            null,
            null,
            0,
            List.of(ended, live));

    String body = ApiResponses.json(200, view).getBody();

    assertThat(CONTRACT.check("GET /billing/subscription", 200, body)).isEmpty();
    assertThat(
            CONTRACT.check(
                "GET /billing/subscription",
                200,
                body.replace("\"quantity\":3", "\"quantity\":\"3\"")))
        .as("a schema that can fail")
        .isNotEmpty();
  }

  @Test
  void describesExactlyTheRoutesOfTheRouteTable() {
    Set<String> routes =
        Routes.ALL.stream()
            .map(Routes.Route::routeKey)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(CONTRACT.operations()).isEqualTo(routes);
  }

  @Test
  void theAuthorizerGuardsExactlyTheRoutesTheRouteTableSays() {
    assertThat(CONTRACT.document().path("security").toString())
        .as("the API key is the default")
        .isEqualTo("[{\"apiKey\":[]}]");
    for (Routes.Route route : Routes.ALL) {
      JsonNode operation = CONTRACT.operation(route.routeKey()).orElseThrow();
      boolean guarded = !operation.has("security");
      assertThat(guarded).as("%s guarded", route.routeKey()).isEqualTo(route.authorized());
      if (!guarded) {
        assertThat(operation.get("security").toString()).isEqualTo("[]");
      }
      Set<Integer> statuses = CONTRACT.statuses(route.routeKey());
      if (route.authorized()) {
        assertThat(statuses).as(route.routeKey()).contains(401, 403);
      } else {
        assertThat(statuses).as(route.routeKey()).doesNotContain(401, 403);
      }
      assertThat(statuses)
          .as("%s: API Gateway's and the function's failures", route.routeKey())
          .contains(413, 429, 500, 503);
    }
  }

  @Test
  void servesTheDocumentPublicly() {
    assertThat(Routes.ALL)
        .contains(
            new Routes.Route(
                "GET",
                "/billing/openapi.json",
                "account",
                BillingFunction.ACCOUNT.handler(),
                false));
    assertThat(OpenApiDocument.json().get("openapi").getAsString()).isEqualTo("3.1.0");
  }

  /** JSON pointers of every {@code schema} under paths and components, and every named schema. */
  private static List<String> schemaPointers(String at, JsonNode node) {
    List<String> pointers = new ArrayList<>();
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String pointer = at + "/" + OpenApiContract.escape(field.getKey());
        if (field.getKey().equals("schema") && field.getValue().isObject()) {
          pointers.add(pointer);
        } else if (at.equals("/components/schemas")) {
          pointers.add(pointer);
        } else {
          pointers.addAll(schemaPointers(pointer, field.getValue()));
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        pointers.addAll(schemaPointers(at + "/" + i, node.get(i)));
      }
    }
    return pointers;
  }
}
