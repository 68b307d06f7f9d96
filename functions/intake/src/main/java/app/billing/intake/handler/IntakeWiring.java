package app.billing.intake.handler;

import app.billing.core.metrics.EmfMetrics;
import app.billing.intake.IntakeConfig;
import app.billing.intake.IntakeService;
import app.billing.secrets.EnvironmentSecrets;
import app.billing.sqs.SqsEventQueue;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the intake function's handler: {@link #fromEnvironment} for Lambda (and the deploy tests),
 * {@link #build} on given clients (the local stack, tests).
 */
public final class IntakeWiring {

  /** The AWS clients the function uses. */
  public record Clients(SqsClient sqs) {
    public static Clients production(IntakeConfig config) {
      return new Clients(SqsEventQueue.createClient(config.region(), config.sqsEndpoint()));
    }
  }

  private IntakeWiring() {}

  /**
   * What Lambda's init runs: the configuration validated (one error naming every problem),
   * production clients.
   *
   * @throws app.billing.core.config.ConfigException when the environment is incomplete
   */
  public static IntakeHandler fromEnvironment(Map<String, String> env, Clock clock) {
    return EnvironmentSecrets.resolveThenRead(
        env,
        resolved -> {
          // Read before the configuration, so a missing variable there still shows this one read.
          EmfMetrics metrics = EmfMetrics.fromEnvironment(resolved, "intake");
          IntakeConfig config = IntakeConfig.fromEnvironment(resolved);
          return build(config, Clients.production(config), clock, metrics);
        });
  }

  /** The function's handler, without metrics. */
  public static IntakeHandler build(IntakeConfig config, Clients clients, Clock clock) {
    return build(config, clients, clock, EmfMetrics.discarding("intake"));
  }

  /** The function's handler, counting into {@code metrics}. */
  public static IntakeHandler build(
      IntakeConfig config, Clients clients, Clock clock, EmfMetrics metrics) {
    return new IntakeHandler(service(config, clients), metrics);
  }

  static IntakeService service(IntakeConfig config, Clients clients) {
    return new IntakeService(
        new SqsEventQueue(clients.sqs(), config.eventQueueUrl()), config.stripeMode());
  }
}
