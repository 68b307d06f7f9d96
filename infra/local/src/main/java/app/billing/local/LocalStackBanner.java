package app.billing.local;

import app.billing.http.Routes;
import app.billing.local.LocalStack.Info;
import app.billing.local.events.LocalEventBus;

/** What {@code bin/local} prints once the stack is up: every endpoint, credential and data path. */
final class LocalStackBanner {
  private LocalStackBanner() {}

  static String banner(
      Info info, LocalStackSettings settings, DemoTenant.Credentials demo, Engines engines) {
    var dynalite = engines.dynalite();
    var sqs = engines.sqs();
    var mailbox = engines.mailbox();
    var stripe = engines.stripe();
    String base = info.baseUrl();
    StringBuilder out = new StringBuilder();
    out.append("\n  Local stack ready in ")
        .append(String.format("%.1f", info.startup().toMillis() / 1000.0))
        .append(" s\n\n  HTTP API (API Gateway emulator, the real handlers behind it)\n");
    for (Routes.Route route : Routes.ALL) {
      out.append(
          String.format(
              "    %-5s %-45s %-9s %s%n",
              route.method(),
              base + route.path(),
              route.function(),
              route.authorized() ? "API key (Lambda authorizer)" : "public"));
    }
    out.append("\n  Demo page            ").append(base).append("/\n");
    out.append("  API contract         ")
        .append(base)
        .append(ApiContractPage.PATH)
        .append("   (OpenAPI 3.1: /billing/openapi.json)\n");
    out.append("  Emails (JSON)        ")
        .append(base)
        .append("/_local/emails   files: ")
        .append(info.emailsDir())
        .append('\n');
    out.append("  Outbound events      ")
        .append(base)
        .append(LocalEventBus.PAGE_PATH)
        .append("   (EventBridge bus ")
        .append(LocalStack.EVENT_BUS_NAME)
        .append(")\n");
    if (stripe != null) {
      out.append("  Stripe               local stand-in ")
          .append(stripe.apiBase())
          .append("  (no Stripe account; hosted pages under ")
          .append(base)
          .append("/_local/checkout|portal|invoices)\n");
      out.append("  Webhook deliveries   ").append(base).append("/_local/events\n");
    } else {
      out.append(
              "  Stripe               TEST MODE with your STRIPE_SECRET_KEY; forward events with\n")
          .append("                       stripe listen --forward-to localhost:")
          .append(base.substring(base.lastIndexOf(':') + 1))
          .append("/webhooks/stripe\n")
          .append(
              "                       and start with STRIPE_WEBHOOK_SECRET=<the whsec_ it prints>\n");
    }
    out.append("  DynamoDB (dynalite)  ")
        .append(dynalite.endpoint())
        .append("  table ")
        .append(LocalStack.TABLE_NAME)
        .append(", data in ")
        .append(settings.dataDir().resolve("dynamodb"))
        .append('\n');
    out.append("  SQS (ElasticMQ)      ")
        .append(sqs.endpoint())
        .append("  ")
        .append(LocalStack.QUEUE_NAME)
        .append(" -> ")
        .append(LocalStack.DLQ_NAME)
        .append(" after ")
        .append(LocalStack.MAX_RECEIVE_COUNT)
        .append(" receives, visibility ")
        .append(settings.queueVisibility().toSeconds())
        .append(" s, messages kept in ")
        .append(settings.dataDir().resolve(LocalStack.QUEUE_DIR))
        .append(sqs.restoredMessages() > 0 ? " (" + sqs.restoredMessages() + " restored)" : "")
        .append('\n');
    out.append("  SES v2 (mailbox)     ").append(mailbox.endpoint()).append('\n');
    out.append("  Queue depth          ").append(base).append("/_local/queues\n");
    out.append("  Outage / reconcile   ")
        .append(base)
        .append("/_local/outage (POST {\"on\":true}), POST ")
        .append(base)
        .append("/_local/reconcile\n");
    out.append("  EventBridge replay   POST ")
        .append(base)
        .append(LocalEventBridge.PATH)
        .append(" (a Stripe event, through the intake function)\n");
    out.append("\n  Demo tenant          ")
        .append(demo.tenant().tenantId())
        .append(" (")
        .append(demo.tenant().name())
        .append(", ")
        .append(demo.tenant().billingEmail())
        .append(")\n");
    out.append("  API key              ")
        .append(info.apiKey())
        .append(
            demo.keyFromEnvironment()
                ? "   (from BILLING_LOCAL_API_KEY)"
                : "   (set BILLING_LOCAL_API_KEY to choose one)")
        .append('\n');
    out.append("  Webhook secret       ")
        .append(info.webhookSecret())
        .append(
            settings.variable("STRIPE_WEBHOOK_SECRET").isPresent()
                ? "   (from STRIPE_WEBHOOK_SECRET)"
                : "   (set STRIPE_WEBHOOK_SECRET to choose one)")
        .append('\n');
    out.append("  Data                 ")
        .append(info.dataDir())
        .append("   (bin/local --reset wipes it)\n");
    out.append("\n  Try: curl -s ")
        .append(base)
        .append("/billing/subscription -H 'Authorization: Bearer ")
        .append(info.apiKey())
        .append("'\n");
    out.append("  Ctrl-C stops everything.\n");
    return out.toString();
  }
}
