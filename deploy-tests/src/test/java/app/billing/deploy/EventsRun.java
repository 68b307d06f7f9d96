package app.billing.deploy;

import app.billing.deploy.Deployables.Deployable;
import app.billing.testkit.InvocationContext;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Runs every file under events/ once through its function, as Lambda would: init from the
 * template's environment (resolved against the {@link World}), then one invocation per file, in
 * folder order ({@link Deployables#ALL}) and file-name order. Shared by EventsRotIT (what each file
 * gave) and PolicyContractIT (which AWS calls each function made, recorded by {@link AwsCalls}).
 */
final class EventsRun {
  /** Files under events/ that are not requests (the README, sam's --env-vars file). */
  static final List<String> NOT_EVENTS = List.of("README.md", "env.json");

  private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(10);

  record Init(
      Deployable function, RequestHandler<Object, Object> handler, Throwable error, long millis) {}

  /** Heap still reachable and metaspace grown after a function's init and all its events (MiB). */
  record Footprint(double heapMiB, double metaspaceMiB) {}

  record Outcome(
      Deployable function,
      Path file,
      Object event,
      Object response,
      Throwable error,
      long millis,
      int queuedBefore,
      int queuedAfter) {
    String name() {
      return function.folder() + "/" + file.getFileName();
    }
  }

  private static EventsRun instance;

  final World world;
  final Map<String, Init> inits = new LinkedHashMap<>();
  final Map<String, Footprint> footprints = new LinkedHashMap<>();
  final List<Outcome> outcomes = new ArrayList<>();
  final List<String> foldersWithoutFunction = new ArrayList<>();

  static synchronized EventsRun get() {
    if (instance == null) {
      instance = new EventsRun();
      Runtime.getRuntime().addShutdownHook(new Thread(instance.world::close, "events-run-world"));
    }
    return instance;
  }

  private EventsRun() {
    world = new World();
    for (Deployable function : Deployables.ALL) {
      long[] before = memory();
      Init init = init(function);
      inits.put(function.logicalId(), init);
      if (init.handler() != null) {
        for (Path file : files(function.folder())) {
          outcomes.add(invoke(function, init.handler(), file));
        }
      }
      long[] after = memory();
      footprints.put(
          function.logicalId(),
          new Footprint((after[0] - before[0]) / 1048576.0, (after[1] - before[1]) / 1048576.0));
    }
    try (Stream<Path> folders = Files.list(World.EVENTS)) {
      folders
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .filter(f -> Deployables.byFolder(f).isEmpty())
          .forEach(foldersWithoutFunction::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private Init init(Deployable function) {
    long start = System.nanoTime();
    try {
      RequestHandler<?, ?> handler =
          AwsCalls.as(
              function.logicalId(),
              () -> function.init().apply(world.environment(function.logicalId())));
      return new Init(function, (RequestHandler<Object, Object>) handler, null, millisSince(start));
    } catch (RuntimeException | Error e) {
      return new Init(function, null, e, millisSince(start));
    }
  }

  private Outcome invoke(Deployable function, RequestHandler<Object, Object> handler, Path file) {
    Object event = null;
    int before = queued();
    long start = System.nanoTime();
    try {
      Type input = Deployables.requestHandlerTypes(handler.getClass()).orElseThrow()[0];
      event = EventLoader.loadEvent(file.toString(), Deployables.raw(input));
      Deployables.CLOCK.reset();
      if (event instanceof APIGatewayV2HTTPEvent http && function.folder().equals("webhook")) {
        // Signed requests verify at the time they were signed (tools: ResignWebhookEvents).
        signedAt(http).ifPresent(t -> Deployables.CLOCK.set(t.plusSeconds(1)));
      }
      Object request = event;
      InvocationContext context =
          new InvocationContext(
              World.STACK + "-" + function.folder(),
              Template.get().functionInt(function.logicalId(), "MemorySize"),
              INVOCATION_TIMEOUT);
      Object response =
          AwsCalls.as(function.logicalId(), () -> handler.handleRequest(request, context));
      return new Outcome(
          function, file, event, response, null, millisSince(start), before, queued());
    } catch (RuntimeException | Error e) {
      return new Outcome(function, file, event, null, e, millisSince(start), before, queued());
    } finally {
      Deployables.CLOCK.reset();
    }
  }

  /**
   * target/events-run.md: what each file gave, how long init and each invocation took here, and the
   * AWS actions each function used. Informational (sizing notes in events/README.md cite it).
   */
  synchronized void writeReport() {
    StringBuilder out =
        new StringBuilder(
            "# events/ run\n\n(one JVM: functions later in the list find classes"
                + " already loaded by earlier ones, so their init and metaspace figures are lower bounds)\n\n"
                + "| function | init ms | heap retained MiB | metaspace grown MiB | actions used |\n|---|---|---|---|---|\n");
    inits
        .values()
        .forEach(
            i -> {
              Footprint f = footprints.get(i.function().logicalId());
              out.append("| ")
                  .append(i.function().logicalId())
                  .append(" | ")
                  .append(i.millis())
                  .append(" | ")
                  .append(String.format(java.util.Locale.ROOT, "%.1f", f == null ? 0 : f.heapMiB()))
                  .append(" | ")
                  .append(
                      String.format(
                          java.util.Locale.ROOT, "%.1f", f == null ? 0 : f.metaspaceMiB()))
                  .append(" | ")
                  .append(
                      AwsCalls.actionsByFunction()
                          .getOrDefault(i.function().logicalId(), java.util.Set.of()))
                  .append(" |\n");
            });
    out.append("\n| file | ms | result |\n|---|---|---|\n");
    for (Outcome o : outcomes) {
      out.append("| ")
          .append(o.name())
          .append(" | ")
          .append(o.millis())
          .append(" | ")
          .append(summary(o))
          .append(" |\n");
    }
    try {
      Path report = Path.of(System.getProperty("user.dir"), "target", "events-run.md");
      Files.createDirectories(report.getParent());
      Files.writeString(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String summary(Outcome o) {
    if (o.error() != null) {
      return "threw " + o.error();
    }
    return switch (o.response()) {
      case com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse r ->
          r.getStatusCode()
              + " "
              + String.valueOf(r.getBody()).replace("|", "\\|").lines().findFirst().orElse("");
      case com.amazonaws.services.lambda.runtime.events.SQSBatchResponse r ->
          "batchItemFailures=" + r.getBatchItemFailures().size();
      default -> String.valueOf(o.response());
    };
  }

  /** Used heap after a full GC, and metaspace used; rough, for sizing notes only. */
  private static long[] memory() {
    System.gc();
    long heap =
        java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long metaspace =
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getName().equals("Metaspace"))
            .mapToLong(p -> p.getUsage().getUsed())
            .sum();
    return new long[] {heap, metaspace};
  }

  static Optional<Instant> signedAt(APIGatewayV2HTTPEvent event) {
    String header = Events.header(event, "stripe-signature");
    if (header == null) {
      return Optional.empty();
    }
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        try {
          return Optional.of(Instant.ofEpochSecond(Long.parseLong(part.substring(2).trim())));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Messages on the event queue: visible + in flight + delayed. */
  private int queued() {
    var attributes =
        world
            .sqs
            .client()
            .getQueueAttributes(
                b ->
                    b.queueUrl(world.queues.queueUrl())
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes();
    return attributes.values().stream().mapToInt(Integer::parseInt).sum();
  }

  static List<Path> files(String folder) {
    Path dir = World.EVENTS.resolve(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !NOT_EVENTS.contains(f.getFileName().toString()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
