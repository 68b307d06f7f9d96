package app.billing.local;

import app.billing.http.ApiError;
import app.billing.local.http.Exchanges;
import app.billing.local.http.HttpApiEmulator.HttpFunction;
import app.billing.local.http.LocalPage;
import app.billing.reconciler.handler.ReconcilerHandler;
import app.billing.testkit.InvocationContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watching an outage and its recovery locally:
 *
 * <ul>
 *   <li>{@code POST /_local/outage {"on": true|false}} (and {@code GET}): while on, the webhook
 *       route answers 503 as a broken or unreachable endpoint would; Stripe (and the stand-in) then
 *       keep the event as undelivered ({@code delivery_success=false}).
 *   <li>{@code POST /_local/reconcile}: runs the reconciler function once, now, and answers its
 *       report; it also runs on a timer like its EventBridge schedule ({@code
 *       RECONCILE_INTERVAL_SECONDS}, default 600, 0 for never).
 * </ul>
 *
 * <p>Runs are serialized, as the schedule's rate (longer than the function's timeout) does on AWS.
 */
final class LocalRecovery implements LocalPage, AutoCloseable {
  static final String OUTAGE_PATH = "/_local/outage";
  static final String RECONCILE_PATH = "/_local/reconcile";
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(LocalRecovery.class);
  private static final Gson GSON = new Gson();

  private final ReconcilerHandler reconciler;
  private final AtomicBoolean outage = new AtomicBoolean();
  private final Object runs = new Object();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "local-reconciler-schedule");
            thread.setDaemon(true);
            return thread;
          });

  LocalRecovery(ReconcilerHandler reconciler, Duration interval) {
    this.reconciler = reconciler;
    if (!interval.isZero()) {
      timer.scheduleWithFixedDelay(
          this::scheduledRun, interval.toSeconds(), interval.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** The webhook route, answering 503 while the outage switch is on. */
  HttpFunction webhook(HttpFunction webhook) {
    return (event, context) -> {
      if (outage.get()) {
        return APIGatewayV2HTTPResponse.builder()
            .withStatusCode(503)
            .withHeaders(Map.of("content-type", "application/json", "retry-after", "60"))
            .withBody(
                new ApiError(
                        503,
                        "endpoint_unavailable",
                        "The local stack's outage switch is on (POST /_local/outage {\"on\": false} ends it).")
                    .toJson())
            .build();
      }
      return webhook.invoke(event, context);
    };
  }

  boolean outage() {
    return outage.get();
  }

  /** Runs the reconciler once; its report as the function returns it. */
  Map<String, Object> reconcile() {
    synchronized (runs) {
      return reconciler.handleRequest(
          Map.of("source", "local"),
          new InvocationContext("reconciler", 512, Duration.ofMinutes(5)));
    }
  }

  private void scheduledRun() {
    try {
      log.info("scheduled reconciler run: {}", reconcile());
    } catch (RuntimeException e) {
      log.warn(
          "scheduled reconciler run failed; the next one goes on from its checkpoint: {}",
          e.toString());
    }
  }

  @Override
  public boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    if (path.equals(OUTAGE_PATH)) {
      if (method.equals("POST")) {
        Boolean on = parseOn(Exchanges.body(exchange));
        if (on == null) {
          Exchanges.json(
              exchange,
              400,
              ApiError.badRequest("invalid_body", "Expected {\"on\": true} or {\"on\": false}.")
                  .toJson());
          return true;
        }
        outage.set(on);
        log.warn(
            "webhook outage switched {}", on ? "ON: POST /webhooks/stripe answers 503" : "off");
      } else if (!method.equals("GET")) {
        Exchanges.json(
            exchange, 405, new ApiError(405, "method_not_allowed", "GET or POST only.").toJson());
        return true;
      }
      JsonObject state = new JsonObject();
      state.addProperty("on", outage.get());
      Exchanges.json(exchange, 200, state.toString());
      return true;
    }
    if (path.equals(RECONCILE_PATH)) {
      if (!method.equals("POST")) {
        Exchanges.json(
            exchange, 405, new ApiError(405, "method_not_allowed", "POST only.").toJson());
        return true;
      }
      try {
        Exchanges.json(exchange, 200, GSON.toJson(reconcile()));
      } catch (RuntimeException e) {
        log.warn("reconciler run failed", e);
        Exchanges.json(
            exchange,
            502,
            new ApiError(
                    502,
                    "reconcile_failed",
                    "The reconciler run failed: "
                        + e.getMessage()
                        + " (its next run goes on from its checkpoint).")
                .toJson());
      }
      return true;
    }
    return false;
  }

  private static Boolean parseOn(byte[] body) {
    try {
      JsonObject json =
          JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
      return json.get("on").getAsJsonPrimitive().isBoolean() ? json.get("on").getAsBoolean() : null;
    } catch (JsonParseException
        | IllegalStateException
        | NullPointerException
        | UnsupportedOperationException e) {
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** The demo page's recovery panel: the outage switch and a reconcile button. */
  static final String DEMO_PANEL =
      """
      <h2>Recovery <span class="muted">(local)</span></h2>
      <div class="card" id="recovery">
        <p class="muted">Turn the outage on, then subscribe, renew or cancel: Stripe's webhooks get 503 and stay
          undelivered. Run the reconciler (it also runs every 10 minutes) to put them back on the queue.</p>
        <label><input type="checkbox" id="outage-toggle"> Webhook outage (POST /webhooks/stripe answers 503)</label>
        <p><button id="reconcile-now" class="secondary" type="button">Run the reconciler now</button>
           <span class="muted" id="reconcile-result"></span></p>
      </div>
      <script>
      (function () {
        const toggle = document.getElementById('outage-toggle');
        const result = document.getElementById('reconcile-result');
        fetch('/_local/outage').then(r => r.json()).then(s => { toggle.checked = s.on; });
        toggle.addEventListener('change', async () => {
          const r = await fetch('/_local/outage', {method: 'POST', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({on: toggle.checked})});
          toggle.checked = (await r.json()).on;
        });
        document.getElementById('reconcile-now').addEventListener('click', async () => {
          result.textContent = 'running…';
          const r = await fetch('/_local/reconcile', {method: 'POST'});
          const report = await r.json();
          result.textContent = r.status === 200
              ? report.eventsFound + ' undelivered event(s) found, ' + report.eventsEnqueued + ' put back on the queue'
              : report.error.message;
        });
      })();
      </script>
      """;
}
