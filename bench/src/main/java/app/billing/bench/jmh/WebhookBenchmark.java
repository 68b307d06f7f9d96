package app.billing.bench.jmh;

import app.billing.bench.Events;
import app.billing.core.config.StripeMode;
import app.billing.core.webhook.WebhookOutcome;
import app.billing.sqs.SqsEventQueue;
import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookService;
import app.billing.webhook.handler.WebhookHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Warm cost of one webhook delivery of the ~4 KB {@code checkout.session.completed} event:
 *
 * <ul>
 *   <li>{@code service}: {@link WebhookService#handle} = size check, HMAC-SHA256 signature check of
 *       the raw body, envelope read (Gson), routing, with a no-op queue.
 *   <li>{@code handlerWithSqsMarshalling}: the whole {@link WebhookHandler} with the real {@link
 *       SqsEventQueue} and SDK client, whose HTTP client answers in memory: adds the SendMessage
 *       request build, SDK interceptors, SigV4 signing, JSON marshalling and MD5 checks.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WebhookBenchmark {
  private static final String QUEUE_URL =
      "https://sqs.us-east-1.amazonaws.com/000000000000/events.fifo";

  private byte[] body;
  private String signature;
  private WebhookService service;
  private WebhookHandler handler;
  private APIGatewayV2HTTPEvent request;
  private SqsClient sqs;

  @Setup
  public void setUp() {
    String payload = Events.story(Events.FOUR_KB_EVENT);
    body = payload.getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    signature = Events.sign(payload, now);
    // The clock stays at signing time, so the signature never expires during a long run.
    Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
    var verifier =
        new StripeSignatureVerifier(
            List.of(Events.SECRET), StripeSignatureVerifier.DEFAULT_TOLERANCE, clock);
    service = new WebhookService(verifier, (envelope, p) -> {}, 262_144, StripeMode.TEST);

    sqs = InMemorySqs.client();
    handler =
        new WebhookHandler(
            new WebhookService(
                verifier, new SqsEventQueue(sqs, QUEUE_URL), 262_144, StripeMode.TEST));
    request = new APIGatewayV2HTTPEvent();
    request.setHeaders(Map.of("content-type", "application/json", "stripe-signature", signature));
    request.setBody(payload);
    request.setRequestContext(
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(
                APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
            .build());
    WebhookOutcome outcome = service.handle(body, signature);
    if (!(outcome instanceof WebhookOutcome.Enqueued
        || outcome instanceof WebhookOutcome.Ignored)) {
      throw new IllegalStateException("the benchmark event does not verify");
    }
    if (handler.handleRequest(request, null).getStatusCode() != 200) {
      throw new IllegalStateException("the handler does not answer 200");
    }
  }

  @TearDown
  public void tearDown() {
    sqs.close();
  }

  @Benchmark
  public WebhookOutcome service() {
    return service.handle(body, signature);
  }

  @Benchmark
  public APIGatewayV2HTTPResponse handlerWithSqsMarshalling() {
    return handler.handleRequest(request, null);
  }
}
