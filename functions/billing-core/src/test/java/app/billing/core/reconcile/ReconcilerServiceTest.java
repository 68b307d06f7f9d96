package app.billing.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.event.HandledEventTypes;
import app.billing.core.port.EventQueue;
import app.billing.core.reconcile.StripeEventPages.EventPage;
import app.billing.core.reconcile.StripeEventPages.EventQuery;
import app.billing.core.reconcile.StripeEventPages.StripeEventJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reconciler's walk, against an in-memory Events API that filters and pages as Stripe does. */
class ReconcilerServiceTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final long T = NOW.getEpochSecond();
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final FakeEvents stripe = new FakeEvents();
  final List<String> queued = new ArrayList<>();
  final EventQueue queue = (envelope, payload) -> queued.add(envelope.id());
  final MemoryCheckpoints checkpoints = new MemoryCheckpoints();

  ReconcilerService service(int pageSize) {
    return new ReconcilerService(
        stripe,
        queue,
        checkpoints,
        new ReconcilerSettings(
            HandledEventTypes.ALL, Duration.ofMinutes(10), Duration.ofHours(72), pageSize, true),
        CLOCK);
  }

  @Test
  void aQuietWindowCostsOneCallAndMovesTheWatermarkToTheRunsStart() {
    ReconcileReport report = service(100).run(NOW.plusSeconds(60));
    assertThat(report.pages()).isEqualTo(1);
    assertThat(report.walkFinished()).isTrue();
    assertThat(checkpoints.saved).containsExactly(T);
  }

  @Test
  void everyEventOfAManyPageBacklogIsEnqueuedOnceOldestFirstInSlicesThatFitAPage() {
    for (int i = 0; i < 57; i++) {
      stripe.add("evt_" + (1000 + i), "invoice.paid", T - 50_000 + i * 800L); // spread over ~13 h
    }
    for (int i = 0; i < 12; i++) {
      stripe.add(
          "evt_" + (2000 + i), "invoice.paid", T - 100); // twelve in one second, more than a page
    }

    ReconcileReport report = service(5).run(NOW.plusSeconds(60));

    List<String> expected =
        stripe.events.stream()
            .sorted(
                Comparator.comparingLong(FakeEvent::created)
                    .thenComparing(e -> stripe.events.indexOf(e)))
            .map(FakeEvent::id)
            .toList();
    assertThat(queued).as("oldest first, each once").containsExactlyElementsOf(expected);
    assertThat(report.eventsEnqueued()).isEqualTo(69);
    assertThat(report.walkFinished()).isTrue();
    assertThat(checkpoints.saved).isSorted().last().isEqualTo(T);
    assertThat(stripe.queries).allSatisfy(q -> assertThat(q.limit()).isEqualTo(5));
  }

  @Test
  void theNextRunStartsAtTheWatermarkLessTheOverlapAndSkipsUnhandledTypes() {
    checkpoints.saved.add(T - 3_600);
    stripe.add("evt_old", "invoice.paid", T - 5_000);
    stripe.add("evt_overlap", "invoice.paid", T - 3_900);
    stripe.add("evt_unhandled", "customer.created", T - 60);

    ReconcileReport report = service(100).run(NOW.plusSeconds(60));

    assertThat(stripe.queries.getFirst().createdAfter()).isEqualTo(T - 3_600 - 600);
    assertThat(stripe.queries.getFirst().onlyUndelivered()).isTrue();
    assertThat(queued).containsExactly("evt_overlap");
    assertThat(report.eventsFound()).isEqualTo(2);
    assertThat(report.eventsSkipped()).isEqualTo(1);
  }

  @Test
  void aRunOutOfTimeKeepsItsWatermarkAtTheLastEnqueuedSlice() {
    for (int i = 0; i < 30; i++) {
      stripe.add("evt_" + (3000 + i), "invoice.paid", T - 200_000 + i * 6_000L);
    }
    MovingClock clock = new MovingClock();
    ReconcilerService service =
        new ReconcilerService(
            stripe,
            queue,
            checkpoints,
            new ReconcilerSettings(
                HandledEventTypes.ALL, Duration.ZERO, Duration.ofHours(72), 5, true),
            clock);

    ReconcileReport first = service.run(clock.start.plusSeconds(6)); // one second per call

    assertThat(first.walkFinished()).isFalse();
    assertThat(queued).isNotEmpty().hasSizeLessThan(30);
    long watermark = checkpoints.saved.getLast();
    assertThat(
            stripe.events.stream()
                .filter(e -> e.created() <= watermark)
                .map(FakeEvent::id)
                .toList())
        .as("everything up to the watermark is on the queue")
        .containsExactlyElementsOf(queued);

    service.run(clock.instant().plusSeconds(600));
    assertThat(queued)
        .as("the next run finishes; nothing twice")
        .hasSize(30)
        .doesNotHaveDuplicates();
  }

  record FakeEvent(String id, String type, long created) {
    String json() {
      String object =
          type.startsWith("customer.") && !type.startsWith("customer.subscription")
              ? "{\"id\":\"cus_1\",\"object\":\"customer\"}"
              : "{\"id\":\"in_" + id + "\",\"object\":\"invoice\",\"customer\":\"cus_1\"}";
      return "{\"id\":\""
          + id
          + "\",\"object\":\"event\",\"type\":\""
          + type
          + "\",\"created\":"
          + created
          + ",\"data\":{\"object\":"
          + object
          + "}}";
    }
  }

  /**
   * GET /v1/events: newest first (ties: later-created first), created[gt]/[lte], types,
   * starting_after, limit.
   */
  static final class FakeEvents implements StripeEventPages {
    final List<FakeEvent> events = new ArrayList<>();
    final List<EventQuery> queries = new ArrayList<>();

    void add(String id, String type, long created) {
      events.add(new FakeEvent(id, type, created));
    }

    @Override
    public EventPage page(EventQuery query) {
      queries.add(query);
      List<FakeEvent> matching =
          new ArrayList<>(
                  events.stream()
                      .filter(
                          e ->
                              e.created() > query.createdAfter()
                                  && e.created() <= query.createdUpTo())
                      .sorted(
                          Comparator.comparingLong(FakeEvent::created)
                              .thenComparing(e -> events.indexOf(e)))
                      .toList())
              .reversed();
      int from = 0;
      if (query.startingAfter() != null) {
        from = matching.stream().map(FakeEvent::id).toList().indexOf(query.startingAfter()) + 1;
      }
      int to = Math.min(matching.size(), from + query.limit());
      List<StripeEventJson> page =
          matching.subList(from, to).stream()
              .map(e -> new StripeEventJson(e.id(), e.json()))
              .toList();
      return new EventPage(page, to < matching.size());
    }
  }

  static final class MemoryCheckpoints implements CheckpointStore {
    final List<Long> saved = new ArrayList<>();

    @Override
    public Optional<ReconcilerCheckpoint> load() {
      return saved.isEmpty()
          ? Optional.empty()
          : Optional.of(new ReconcilerCheckpoint(saved.getLast()));
    }

    @Override
    public void save(ReconcilerCheckpoint checkpoint) {
      saved.add(checkpoint.watermark());
    }
  }

  /** Each reading is one second later than the one before. */
  static final class MovingClock extends Clock {
    final Instant start = NOW;
    long ticks;

    @Override
    public Instant instant() {
      return start.plusSeconds(ticks++);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
