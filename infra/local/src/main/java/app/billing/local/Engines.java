package app.billing.local;

import app.billing.core.catalog.Catalog;
import app.billing.local.email.LocalMailbox;
import app.billing.local.stripe.LocalStripe;
import app.billing.testkit.Dynalite;
import app.billing.testkit.EmbeddedSqs;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The engines behind the functions: dynalite, ElasticMQ, the SES mailbox and (without a Stripe key)
 * the Stripe stand-in.
 *
 * @param stripe null with Stripe test mode
 */
record Engines(Dynalite dynalite, EmbeddedSqs sqs, LocalMailbox mailbox, LocalStripe stripe) {

  /**
   * Starts them in parallel (dynalite, a Node process, and ElasticMQ take the longest). Each one
   * that started is added to {@code resources}, also when another one failed (then the first
   * failure is thrown), so the stack closes it.
   */
  static Engines start(
      LocalStackSettings settings,
      Path dataDir,
      Path emailsDir,
      Catalog catalog,
      String baseUrl,
      String webhookSecret,
      boolean standIn,
      List<AutoCloseable> resources) {
    CompletableFuture<Dynalite> dynaliteStart =
        CompletableFuture.supplyAsync(() -> Dynalite.start(dataDir.resolve("dynamodb")));
    CompletableFuture<EmbeddedSqs> sqsStart =
        CompletableFuture.supplyAsync(
            () -> EmbeddedSqs.startDurable(dataDir.resolve(LocalStack.QUEUE_DIR)));
    CompletableFuture<LocalMailbox> mailboxStart =
        CompletableFuture.supplyAsync(() -> LocalMailbox.start(emailsDir, settings.clock()));
    CompletableFuture<LocalStripe> stripeStart =
        standIn
            ? CompletableFuture.supplyAsync(
                () ->
                    LocalStripe.start(
                        catalog,
                        baseUrl,
                        URI.create(baseUrl + "/webhooks/stripe"),
                        webhookSecret,
                        dataDir.resolve(LocalStack.STRIPE_STATE_FILE),
                        settings.clock()))
            : CompletableFuture.completedFuture(null);
    joinAll(resources, dynaliteStart, sqsStart, mailboxStart, stripeStart);
    return new Engines(
        dynaliteStart.join(), sqsStart.join(), mailboxStart.join(), stripeStart.join());
  }

  @SafeVarargs
  private static void joinAll(
      List<AutoCloseable> resources, CompletableFuture<? extends AutoCloseable>... starts) {
    RuntimeException failure = null;
    for (CompletableFuture<? extends AutoCloseable> start : starts) {
      try {
        AutoCloseable started = start.join();
        if (started != null) {
          resources.add(started);
        }
      } catch (CompletionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
