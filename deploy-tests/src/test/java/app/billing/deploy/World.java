package app.billing.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import app.billing.core.catalog.Catalog;
import app.billing.core.model.ParkedEvent;
import app.billing.core.tenant.ApiKeyRecord;
import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoCustomerLinks;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.Dynalite;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.LocalAws;
import app.billing.testkit.SesStandIn;
import app.billing.testkit.StripeStandIn;
import app.billing.testkit.story.Story;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS a deployed stack would have, on the embedded engines: the template's table (dynalite),
 * its FIFO queue and DLQ (ElasticMQ), SES v2, Secrets Manager (WireMock, JSON 1.1 protocol) holding
 * the secrets the template's *_ARN parameters name, and Stripe (WireMock). Every SDK client in the
 * JVM reaches them through the SDK's own endpoint system properties, so the functions' production
 * wiring runs unchanged. Seeded with the demo tenant and its API key.
 */
final class World implements AutoCloseable {
  static final String TENANT = "usr_8f3a1c2e";

  /** The demo API key of events/authorizer/demo-key-*.json (fixed so the files can carry it). */
  static final String DEMO_KEY = "bk_live_z2sieLfcWVzWfxoXfF9YPCbGZMCkQpTfNXEb2CbDNok";

  static final Path EVENTS = Template.ROOT.resolve("events");
  static final Path ENV_JSON = EVENTS.resolve("env.json");

  static final String ACCOUNT = "123456789012";
  static final String REGION = LocalAws.REGION.id();
  static final String STACK = "stripe-billing";

  /** The outbound events bus's name ({@code Ref BillingEventBus}). */
  static final String EVENT_BUS = STACK + "-billing-events";

  /** Values for the template's parameters (those without a usable default). */
  static final Map<String, String> PARAMETERS =
      Map.ofEntries(
          Map.entry(
              "StripeSecretKeyArn",
              "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-billing/stripe-secret-key-AbCdEf"),
          Map.entry(
              "StripeWebhookSecretsArn",
              "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-billing/webhook-secrets-GhIjKl"),
          Map.entry(
              "CheckoutTokenKeyArn",
              "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-billing/checkout-token-key-MnOpQr"),
          Map.entry("StripeMode", "test"),
          Map.entry("SenderIdentity", "acme.test"),
          Map.entry("EmailFrom", "Acme Billing <billing@acme.test>"),
          Map.entry("EmailReplyTo", "support@acme.test"),
          Map.entry("SesConfigurationSet", "billing-emails"),
          Map.entry("AppBillingUrl", "https://app.acme.test/billing"),
          Map.entry("CheckoutSuccessUrl", "https://app.acme.test/billing?checkout=success"),
          Map.entry("CheckoutCancelUrl", "https://app.acme.test/billing?checkout=canceled"),
          Map.entry("PortalReturnUrl", "https://app.acme.test/billing"),
          Map.entry("ProductName", "Acme"),
          // The catalog from SSM, so the run proves the read and its grant (the bundled catalog).
          Map.entry("PlanCatalogSource", "ssm:/stripe-billing/plan-catalog"),
          Map.entry("CorsAllowedOrigins", "https://app.acme.test"),
          // The origin the checkout/portal events/ files name in their own return URLs.
          Map.entry("AllowedRedirectOrigins", "https://www.example.com"));

  final Dynalite dynalite = Dynalite.start();
  final EmbeddedSqs sqs = EmbeddedSqs.start();
  final SesStandIn ses = SesStandIn.start();
  final StripeStandIn stripe = StripeStandIn.start();
  final WireMockServer secretsManager =
      new WireMockServer(
          options().bindAddress("127.0.0.1").dynamicPort().extensions(new AwsCalls.SsmRequests()));
  final DynamoDbClient dynamo =
      LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build();
  final String table = STACK + "-BillingTable-1X2Y3Z";
  final EmbeddedSqs.Queues queues;
  final String queueArn;
  final Map<String, Map<String, String>> envJson = readEnvJson();

  World() {
    secretsManager.start();
    // The SDK's own configuration chain, as Lambda sets it up through AWS_REGION and credentials.
    System.setProperty("aws.region", REGION);
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    System.setProperty("aws.endpointUrlDynamoDb", dynalite.endpoint().toString());
    System.setProperty("aws.endpointUrlSqs", sqs.endpoint().toString());
    System.setProperty("aws.endpointUrlSesV2", ses.endpoint().toString());
    System.setProperty("aws.endpointUrlSecretsManager", secretsManager.baseUrl());
    // Provisioning's outbound events: PutEvents accepted whole, on the same stub server.
    System.setProperty("aws.endpointUrlEventBridge", secretsManager.baseUrl());
    // SSM speaks the same JSON 1.1 protocol: one WireMock serves both, told apart by X-Amz-Target.
    System.setProperty("aws.endpointUrlSsm", secretsManager.baseUrl());

    BillingTable.createIfMissing(dynamo, table);
    queues = sqs.createFifoQueueWithDlq(STACK + "-events.fifo", STACK + "-events-dlq.fifo", 5, 360);
    queueArn =
        sqs.client()
            .getQueueAttributes(
                b -> b.queueUrl(queues.queueUrl()).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);

    storeSecret(
        PARAMETERS.get("StripeWebhookSecretsArn"),
        localValue("WebhookFunction", "STRIPE_WEBHOOK_SECRETS"));
    storeSecret(
        PARAMETERS.get("StripeSecretKeyArn"),
        localValue("ProvisioningFunction", "STRIPE_SECRET_KEY"));
    storeParameter(catalogParameter(), bundledCatalog());
    storeSecret(
        PARAMETERS.get("CheckoutTokenKeyArn"),
        localValue("CheckoutFunction", "CHECKOUT_TOKEN_KEY"));
    secretsManager.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody("{\"FailedEntryCount\":0,\"Entries\":[]}")));
    stubStripe();
    seed();
  }

  /** The function's environment: the template's variables resolved against this world. */
  Map<String, String> environment(String function) {
    Map<String, String> env = new LinkedHashMap<>();
    Template.get()
        .environment(function)
        .forEach((name, value) -> env.put(name, resolve(function, name, value)));
    // What Lambda adds, and what only a local run sets.
    env.put("AWS_REGION", REGION);
    env.put("STRIPE_API_BASE", stripe.baseUrl());
    return env;
  }

  /**
   * Physical names the recorded calls carry, to the template resource or parameter they stand for.
   */
  Map<String, String> logicalNames() {
    Map<String, String> names = new HashMap<>();
    names.put(table, "BillingTable");
    names.put(queues.queueUrl(), "EventQueue");
    names.put(queues.dlqUrl(), "EventDeadLetterQueue");
    names.put(PARAMETERS.get("StripeSecretKeyArn"), "StripeSecretKeyArn");
    names.put(PARAMETERS.get("StripeWebhookSecretsArn"), "StripeWebhookSecretsArn");
    names.put(catalogParameter(), "PlanCatalogSource");
    names.put(PARAMETERS.get("CheckoutTokenKeyArn"), "CheckoutTokenKeyArn");
    names.put(EVENT_BUS, "BillingEventBus");
    return names;
  }

  private String resolve(String function, String name, Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    var ref = Template.ref(value);
    if (ref.isPresent()) {
      String target = ref.get();
      switch (target) {
        case "BillingTable" -> {
          return table;
        }
        case "EventQueue" -> {
          return queues.queueUrl();
        }
        case "EventDeadLetterQueue" -> {
          return queues.dlqUrl();
        }
        case "BillingEventBus" -> {
          return EVENT_BUS;
        }
        default -> {}
      }
      if (PARAMETERS.containsKey(target)) {
        return PARAMETERS.get(target);
      }
      Map<String, Object> parameter =
          Template.get().parameters().get(target) instanceof Map<?, ?> p ? Template.map(p) : null;
      if (parameter != null && parameter.containsKey("Default")) {
        return String.valueOf(parameter.get("Default"));
      }
    }
    var att = Template.getAtt(value);
    if (att.isPresent() && att.get().equals(List.of("EventQueue", "Arn"))) {
      return queueArn;
    }
    throw new AssertionError(
        function
            + " "
            + name
            + ": cannot resolve "
            + value
            + " in the test world; give the parameter a value in World.PARAMETERS or map the resource");
  }

  private void storeSecret(String arn, String value) {
    JsonObject body = new JsonObject();
    body.addProperty("ARN", arn);
    body.addProperty("Name", arn.substring(arn.indexOf(":secret:") + 8));
    body.addProperty("SecretString", value);
    body.addProperty("VersionId", "3f1b2c4d-0000-4000-8000-000000000001");
    secretsManager.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .withRequestBody(equalToJson("{\"SecretId\":\"" + arn + "\"}"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body.toString())));
  }

  /** The SSM parameter name PlanCatalogSource names. */
  static String catalogParameter() {
    return PARAMETERS.get("PlanCatalogSource").substring("ssm:".length());
  }

  static String bundledCatalog() {
    try (var in = Catalog.class.getClassLoader().getResourceAsStream(Catalog.RESOURCE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void storeParameter(String name, String value) {
    JsonObject parameter = new JsonObject();
    parameter.addProperty("Name", name);
    parameter.addProperty("Type", "String");
    parameter.addProperty("Value", value);
    parameter.addProperty("Version", 1);
    parameter.addProperty("ARN", "arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter" + name);
    JsonObject body = new JsonObject();
    body.add("Parameter", parameter);
    secretsManager.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .withRequestBody(equalToJson("{\"Name\":\"" + name + "\",\"WithDecryption\":true}"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body.toString())));
  }

  /** A value from events/env.json (what `sam local invoke --env-vars` would use). */
  String localValue(String function, String variable) {
    String value = envJson.getOrDefault(function, Map.of()).get(variable);
    if (value == null || value.isBlank()) {
      throw new AssertionError("events/env.json has no " + function + "." + variable);
    }
    return value;
  }

  static Map<String, Map<String, String>> readEnvJsonForTests() {
    return readEnvJson();
  }

  private static Map<String, Map<String, String>> readEnvJson() {
    try {
      JsonObject json = JsonParser.parseString(Files.readString(ENV_JSON)).getAsJsonObject();
      Map<String, Map<String, String>> env = new LinkedHashMap<>();
      json.entrySet()
          .forEach(
              e -> {
                Map<String, String> vars = new LinkedHashMap<>();
                e.getValue()
                    .getAsJsonObject()
                    .entrySet()
                    .forEach(v -> vars.put(v.getKey(), v.getValue().getAsString()));
                env.put(e.getKey(), vars);
              });
      return env;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void stubStripe() {
    stubStripe(stripe);
  }

  /** The Stripe API answers the events/ files need (fixtures of the function modules' tests). */
  static void stubStripe(StripeStandIn stripe) {
    Path answers = Template.ROOT.resolve("functions/testkit/src/main/resources/stripe-api");
    stripe.stubGet(
        "/v1/invoices/in_1plsy9Sb7kQ2wLn5JjcU8pZL",
        read(answers.resolve("invoice-in_1plsy9.json")));
    stripe.stubGet(
        "/v1/customers/cus_1BREyS0ms3pllo",
        read(answers.resolve("customer-cus_1BREyS0ms3pllo.json")));
    stripe.stubGet(
        "/v1/subscriptions/sub_1hNEdcSb7kQ2wLn5P4c3ZkD7",
        read(answers.resolve("subscription-sub_1hNEdc.json")));
    stripe.stubGet(
        "/v1/checkout/sessions/cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu/line_items",
        read(answers.resolve("checkout-line-items-cs_test_a1eH2E.json")));
    stripe.stubGet(
        "/v1/entitlements/active_entitlements",
        "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"/v1/entitlements/active_entitlements\"}");
    // The reconciler's Events API page: one undelivered invoice.paid (the provisioning fixture).
    JsonObject undelivered =
        JsonParser.parseString(Story.TRIAL_INVOICE_PAID.json()).getAsJsonObject();
    JsonArray events = new JsonArray();
    events.add(undelivered);
    JsonObject page = new JsonObject();
    page.addProperty("object", "list");
    page.add("data", events);
    page.addProperty("has_more", false);
    page.addProperty("url", "/v1/events");
    stripe.stubGet("/v1/events", page.toString());
    stripe.stubStatus("POST", "/v1/customers", 200, read(answers.resolve("customer.json")));
    stripe.stubStatus(
        "POST", "/v1/checkout/sessions", 200, read(answers.resolve("checkout.session.json")));
    stripe.stubStatus(
        "POST",
        "/v1/billing_portal/sessions",
        200,
        read(answers.resolveSibling("stripe/objects/billing_portal.session.json")));
    Path usage = Template.ROOT.resolve("functions/usage/src/test/resources/stripe-api");
    stripe.stubStatus(
        "POST", "/v1/billing/meter_events", 200, read(usage.resolve("billing.meter_event.json")));
    stripe.stubGet("/v1/billing/meters", read(usage.resolve("billing.meters.json")));
    stripe.stubGet(
        "/v1/billing/meters/mtr_test_61Q8nQMqIFK9fRQmr41CMAXJrFdZ5MnA/event_summaries",
        read(usage.resolve("billing.meter_event_summaries.json")));
  }

  private void seed() {
    DynamoTenantStore tenants = new DynamoTenantStore(dynamo, table);
    Instant created = Instant.parse("2026-08-31T09:00:00Z");
    tenants.createTenant(
        new TenantProfile(TENANT, "Ada Lovelace Ltd", "ada@example.com", null, created));
    String hash = ApiKeys.hash(DEMO_KEY);
    tenants.saveApiKey(new ApiKeyRecord(ApiKeys.keyId(hash), hash, TENANT, created));
    // Linked as `bin/admin link-customer` would: the events/ fixtures carry no checkout token, and
    // an unlinked customer's events would only park (and never reach SES or the records). One
    // event parked before the link, as in that story, is replayed (and unparked) by the first.
    DynamoCustomerLinks links = new DynamoCustomerLinks(dynamo, table);
    String parked = Story.EMAIL_CHANGED.json();
    JsonObject event = JsonParser.parseString(parked).getAsJsonObject();
    links.park(
        new ParkedEvent(
            Story.CUSTOMER,
            event.get("id").getAsString(),
            event.get("type").getAsString(),
            event.get("created").getAsLong(),
            parked),
        created);
    links.link(Story.CUSTOMER, TENANT, created);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("missing fixture " + file, e);
    }
  }

  @Override
  public void close() {
    dynamo.close();
    secretsManager.stop();
    stripe.close();
    ses.close();
    sqs.close();
    dynalite.close();
  }
}
