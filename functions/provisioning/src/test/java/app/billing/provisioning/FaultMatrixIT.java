package app.billing.provisioning;

import static app.billing.testkit.story.Story.TENANT;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.BillingStore;
import app.billing.core.port.EmailGuards;
import app.billing.core.provisioning.FailedEventRetry;
import app.billing.core.testing.StoryEvent;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.EventItems;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.SesStandIn.SentEmail;
import app.billing.testkit.SqsEventSource;
import app.billing.testkit.story.Story;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The README's fault matrix, through the real engines (dynalite, ElasticMQ, the SES and Stripe
 * stand-ins): DynamoDB throttling and 5xx at each write of an event, SES throttling, 5xx and 4xx,
 * Stripe 429/5xx/timeouts/404 at each refetch, and a crash between each pair of writes. Each case
 * checks what happens to the message (returned for retry, or recorded failed and acknowledged),
 * then lets the retry run and checks that the records read back from dynalite are those of a run
 * without the fault, that every event has its audit entry and every email guard is marked sent, and
 * that each email was accepted by SES once (twice in the one case the README names).
 */
class FaultMatrixIT extends PipelineTestSupport {
  /** The checkout links the customer; the subscription's creation writes its record, welcome. */
  private static final List<StoryEvent> SIGN_UP =
      StoryEvents.events(List.of(Story.TRIAL_CHECKOUT_COMPLETED, Story.TRIAL_STARTED));

  private static final String WELCOME = "Welcome to Acme Starter";
  private static final String PURCHASE_RECEIPT = "Receipt for Onboarding workshop: $299.00";

  // --- DynamoDB ---

  /** The writes of one event, as the requests the store sends for them. */
  enum DynamoWrite {
    /** The versioned subscription write (UpdateItem of TENANT#… / SUBSCRIPTION#…). */
    RECORD_WRITE(
        r ->
            r instanceof UpdateItemRequest u
                && u.key().get("sk").s().startsWith(BillingTable.SUBSCRIPTION_PREFIX)),
    /** The email guard's claim (UpdateItem of EMAIL#… setting status SENDING). */
    EMAIL_CLAIM(r -> isEmailGuardUpdate(r, "SENDING")),
    /**
     * The sent mark right after SES accepted the email (UpdateItem of EMAIL#… setting status SENT).
     */
    SENT_MARK(r -> isEmailGuardUpdate(r, "SENT")),
    /** The batch's end: audit entries (and second-chance marks) in one BatchWriteItem. */
    BATCH_END(r -> r instanceof BatchWriteItemRequest);

    final Predicate<SdkRequest> target;

    DynamoWrite(Predicate<SdkRequest> target) {
      this.target = target;
    }

    private static boolean isEmailGuardUpdate(SdkRequest request, String status) {
      return request instanceof UpdateItemRequest u
          && u.key().get("pk").s().startsWith(BillingTable.EMAIL_PREFIX)
          && u.expressionAttributeValues().containsValue(AttributeValue.fromS(status));
    }
  }

  static Stream<Arguments> dynamoDbFaults() {
    return Stream.of(AwsFault.Kind.values())
        .flatMap(kind -> Stream.of(DynamoWrite.values()).map(write -> Arguments.of(kind, write)));
  }

  @ParameterizedTest(name = "{0} at the {1}")
  @MethodSource("dynamoDbFaults")
  void dynamoDbThrottlingOr5xxAtEachWrite(AwsFault.Kind kind, DynamoWrite write) {
    Records expected = referenceRecords(SIGN_UP);
    AwsFault fault = new AwsFault(kind, write.target);
    String table = pipeline.newTable();
    Pipeline.Wired wired = pipeline.wireOn(table, new Pipeline.Container().dynamoFault(fault));

    SQSBatchResponse first = wired.deliver(SIGN_UP);
    fault.off();

    assertThat(fault.failed())
        .as("attempts failed: the fault outlasted the SDK's retries")
        .isGreaterThanOrEqualTo(3);
    List<StoryEvent> returned = returned(first, SIGN_UP);
    switch (write) {
      // The event fails transiently: returned, in order; the welcome was not sent (record) or not
      // even claimed (claim).
      case RECORD_WRITE, EMAIL_CLAIM -> {
        assertThat(returned).containsExactly(SIGN_UP.get(1));
        assertThat(subjects()).isEmpty();
      }
      // The mark's failure is absorbed: the batch's end writes it (its second chance), nothing
      // returned.
      case SENT_MARK -> {
        assertThat(returned).isEmpty();
        assertThat(subjects()).containsExactly(WELCOME);
        assertThat(emailGuardStatuses(table)).containsOnly("SENT");
      }
      // The audit entries are lost with the write: the whole batch is returned (emails already
      // marked).
      case BATCH_END -> {
        assertThat(returned).containsExactlyElementsOf(SIGN_UP);
        assertThat(auditEntries(table)).isEmpty();
        assertThat(subjects()).containsExactly(WELCOME);
      }
    }
    assertThat(wired.store().failedEvents()).isEmpty();

    // SQS redelivers what was returned, and Stripe may deliver everything again besides.
    assertThat(wired.deliver(returned).getBatchItemFailures()).isEmpty();
    assertThat(wired.deliver(SIGN_UP).getBatchItemFailures()).isEmpty();

    assertNothingLostOrDuplicated(wired, SIGN_UP, expected);
    assertThat(subjects()).containsExactly(WELCOME);
  }

  // --- SES ---

  /**
   * How SES answers SendEmail, {@code count} times in a row (more than the SDK's 3 attempts if
   * transient).
   */
  enum SesFault {
    TOO_MANY_REQUESTS_429(429, "TooManyRequestsException", 10, false),
    INTERNAL_FAILURE_500(500, "InternalFailure", 10, false),
    MESSAGE_REJECTED_400(400, "MessageRejected", 1, true),
    BAD_ADDRESS_400(400, "BadRequestException", 1, true);

    final int status;
    final String errorType;
    final int count;
    final boolean permanent;

    SesFault(int status, String errorType, int count, boolean permanent) {
      this.status = status;
      this.errorType = errorType;
      this.count = count;
      this.permanent = permanent;
    }
  }

  @ParameterizedTest
  @EnumSource(SesFault.class)
  void sesThrottlingOr5xxOr4xx(SesFault fault) {
    Records expected = referenceRecords(SIGN_UP);
    Pipeline.Wired wired = pipeline.wireOn(pipeline.newTable(), new Pipeline.Container());
    StoryEvent created = SIGN_UP.get(1);

    pipeline.ses.failNext(fault.count, fault.status, fault.errorType);
    SQSBatchResponse first = wired.deliver(SIGN_UP);
    pipeline.ses.failNext(0, 0, null); // the fault is over

    assertThat(subjects()).isEmpty();
    // Either way the record is applied and the claim given back.
    assertThat(wired.store().subscription(TENANT))
        .get()
        .extracting(SubscriptionRecord::status)
        .isEqualTo("trialing");
    assertThat(emailGuardStatuses(wired.table())).isEmpty();
    if (fault.permanent) {
      assertThat(returned(first, SIGN_UP)).isEmpty();
      FailedEvent failed = wired.store().failedEvent(created.id()).orElseThrow();
      assertThat(failed.stage()).isEqualTo(FailedEvent.Stage.EMAIL);
      assertThat(failed.reason()).contains("ses_400_" + fault.errorType);
      assertThat(wired.handler().handleRequest(retryOfFailed(failed), null).getBatchItemFailures())
          .isEmpty();
    } else {
      assertThat(returned(first, SIGN_UP)).containsExactly(created);
      assertThat(wired.store().failedEvents()).isEmpty();
      assertThat(wired.deliver(List.of(created)).getBatchItemFailures()).isEmpty();
    }
    assertThat(wired.deliver(SIGN_UP).getBatchItemFailures()).isEmpty();

    assertNothingLostOrDuplicated(wired, SIGN_UP, expected);
    assertThat(subjects()).containsExactly(WELCOME);
  }

  // --- Stripe ---

  /** How Stripe fails a request. */
  enum StripeFault {
    RATE_LIMITED_429,
    SERVER_ERROR_500,
    TIMEOUT,
    NOT_FOUND_404;

    boolean permanent() {
      return this == NOT_FOUND_404;
    }
  }

  /** Where provisioning asks Stripe, with the events that make it ask. */
  enum StripeRefetch {
    /**
     * A second event of the subscription's second ties with the stored one: the subscription is
     * refetched.
     */
    SUBSCRIPTION_ON_A_TIE("/v1/subscriptions/sub_1hNEdcSb7kQ2wLn5P4c3ZkD7"),
    /** A payload of an API version the SDK cannot type: its object is refetched. */
    UNTYPEABLE_PAYLOAD("/v1/subscriptions/sub_1hNEdcSb7kQ2wLn5P4c3ZkD7"),
    /** A one-time purchase without our catalog key: its line items name what was sold. */
    CHECKOUT_LINE_ITEMS(
        "/v1/checkout/sessions/cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu/line_items"),
    /** The welcome's recipient: no address in the event or on file, so the Stripe customer's. */
    RECIPIENT_LOOKUP("/v1/customers/" + Story.CUSTOMER);

    final String path;

    StripeRefetch(String path) {
      this.path = path;
    }

    /** Delivered before the fault, without it. */
    List<StoryEvent> before() {
      return this == SUBSCRIPTION_ON_A_TIE ? SIGN_UP : List.of();
    }

    /** Delivered while Stripe fails. */
    List<StoryEvent> faulty() {
      StoryEvent linking = StoryEvents.event(Story.TRIAL_CHECKOUT_COMPLETED);
      return switch (this) {
        case SUBSCRIPTION_ON_A_TIE ->
            List.of(
                StoryEvents.variant(
                    StoryEvents.event(Story.TRIAL_STARTED), "evt_FaultMatrixTie01", json -> {}));
        case UNTYPEABLE_PAYLOAD ->
            List.of(
                linking,
                StoryEvents.variant(
                    StoryEvents.event(Story.TRIAL_STARTED),
                    "evt_FaultMatrixOldApi01",
                    json -> json.addProperty("api_version", "2020-08-27")));
        case CHECKOUT_LINE_ITEMS -> List.of(linking, StoryEvents.event(Story.CREDITS_PURCHASED));
        case RECIPIENT_LOOKUP -> SIGN_UP;
      };
    }

    List<StoryEvent> all() {
      return Stream.concat(before().stream(), faulty().stream()).toList();
    }

    /**
     * The email the events send once (none when the refetched subscription, canceled, calls for
     * none).
     */
    List<String> emails() {
      return switch (this) {
        case SUBSCRIPTION_ON_A_TIE, RECIPIENT_LOOKUP -> List.of(WELCOME);
        case UNTYPEABLE_PAYLOAD -> List.of();
        case CHECKOUT_LINE_ITEMS -> List.of(PURCHASE_RECEIPT);
      };
    }
  }

  static Stream<Arguments> stripeFaults() {
    return Stream.of(StripeRefetch.values())
        .flatMap(at -> Stream.of(StripeFault.values()).map(fault -> Arguments.of(fault, at)));
  }

  @ParameterizedTest(name = "{0} at the {1}")
  @MethodSource("stripeFaults")
  void stripe429Or5xxOrTimeoutOr404AtEachRefetch(StripeFault fault, StripeRefetch at) {
    Records expected = referenceRecords(at.all());
    Duration readTimeout = Duration.ofMillis(500);
    Pipeline.Wired wired =
        pipeline.wireOn(
            pipeline.newTable(), new Pipeline.Container().stripeReadTimeout(readTimeout));
    assertThat(wired.deliver(at.before()).getBatchItemFailures()).isEmpty();
    List<StoryEvent> faulty = at.faulty();
    StoryEvent target = faulty.getLast();

    StubMapping stub =
        pipeline
            .stripe
            .wireMock()
            .stubFor(
                get(urlPathEqualTo(at.path))
                    .willReturn(
                        switch (fault) {
                          case RATE_LIMITED_429 ->
                              stripeError(429, "rate_limit_error", "rate_limit");
                          case SERVER_ERROR_500 -> stripeError(500, "api_error", null);
                          case TIMEOUT ->
                              aResponse()
                                  .withStatus(200)
                                  .withFixedDelay((int) readTimeout.multipliedBy(4).toMillis())
                                  .withHeader("Content-Type", "application/json")
                                  .withBody("{}");
                          case NOT_FOUND_404 ->
                              stripeError(404, "invalid_request_error", "resource_missing");
                        }));
    SQSBatchResponse first;
    try {
      first = wired.deliver(faulty);
    } finally {
      pipeline.stripe.wireMock().removeStub(stub);
    }

    if (fault.permanent()) {
      // Recorded failed and acknowledged; the failure names Stripe's code. A failing email lookup
      // fails the email only: the record stays applied.
      assertThat(returned(first, faulty)).isEmpty();
      FailedEvent failed = wired.store().failedEvent(target.id()).orElseThrow();
      assertThat(failed.reason()).contains("stripe_404_resource_missing");
      assertThat(failed.stage())
          .isEqualTo(
              at == StripeRefetch.RECIPIENT_LOOKUP
                  ? FailedEvent.Stage.EMAIL
                  : FailedEvent.Stage.EVENT);
      assertThat(failed.payload()).isEqualTo(target.payload());
      // Only what was sent before the fault (the tie's welcome) went out.
      assertThat(subjects())
          .containsExactlyElementsOf(
              at == StripeRefetch.SUBSCRIPTION_ON_A_TIE ? List.of(WELCOME) : List.of());
      // The cause removed, the operator retries it (admin failed retry).
      assertThat(wired.handler().handleRequest(retryOfFailed(failed), null).getBatchItemFailures())
          .isEmpty();
    } else {
      // Transient: the event is returned for SQS to retry, nothing recorded failed.
      assertThat(returned(first, faulty)).containsExactly(target);
      assertThat(wired.store().failedEvents()).isEmpty();
      assertThat(wired.deliver(List.of(target)).getBatchItemFailures()).isEmpty();
    }
    assertThat(wired.deliver(at.all()).getBatchItemFailures()).isEmpty();

    assertNothingLostOrDuplicated(wired, at.all(), expected);
    assertThat(subjects()).containsExactlyElementsOf(at.emails());
  }

  private static ResponseDefinitionBuilder stripeError(int status, String type, String code) {
    String body =
        code == null
            ? "{\"error\": {\"type\": \"%s\", \"message\": \"injected\"}}".formatted(type)
            : "{\"error\": {\"type\": \"%s\", \"code\": \"%s\", \"message\": \"injected\"}}"
                .formatted(type, code);
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /**
   * What {@code admin failed retry} sends: the kept payload, marked as a retry of a failed event.
   */
  private static SQSEvent retryOfFailed(FailedEvent failed) {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId("retry-" + failed.eventId());
    message.setBody(failed.payload());
    message.setAttributes(
        Map.of(
            "ApproximateReceiveCount",
            "1",
            "MessageGroupId",
            FailedEventRetry.messageGroupId(failed)));
    SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
    attribute.setDataType("String");
    attribute.setStringValue(failed.eventId());
    message.setMessageAttributes(Map.of(FailedEventRetry.ATTRIBUTE, attribute));
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(message));
    return event;
  }

  // --- crashes ---

  /** The process dies (an Error: OOM, timeout, kill) at a point between two writes of one event. */
  enum CrashPoint {
    AFTER_CUSTOMER_LINK("link", false),
    AFTER_RECORD_WRITE_BEFORE_EMAIL_CLAIM("saveSubscription", false),
    AFTER_EMAIL_CLAIM_BEFORE_SES("claimEmail", false),
    AFTER_SES_BEFORE_SENT_MARK("markEmailSent", true),
    AFTER_SENT_MARK_BEFORE_BATCH_END("writeBatch", true);

    final String storeMethod;

    /** Dies when the store is called (the write never happens) rather than once it returned. */
    final boolean beforeTheCall;

    CrashPoint(String storeMethod, boolean beforeTheCall) {
      this.storeMethod = storeMethod;
      this.beforeTheCall = beforeTheCall;
    }

    boolean sesAcceptedBeforeTheCrash() {
      return this == AFTER_SES_BEFORE_SENT_MARK || this == AFTER_SENT_MARK_BEFORE_BATCH_END;
    }
  }

  /** What the JVM dying looks like to the code: nothing catches it. */
  static final class Crash extends Error {
    Crash(CrashPoint point) {
      super("injected crash " + point);
    }
  }

  @ParameterizedTest
  @EnumSource(CrashPoint.class)
  void aCrashBetweenTwoWritesOfAnEventThenTheRedelivery(CrashPoint point) {
    Records expected = referenceRecords(SIGN_UP);
    String table = pipeline.newTable();
    String name = "crash-" + point.ordinal();
    // Visibility 3 s, claim lease 1 s: the lease runs out before SQS redelivers, as production's
    // 2-minute lease does before its 6-minute visibility timeout.
    EmbeddedSqs.Queues queues =
        pipeline.sqs.createFifoQueueWithDlq(name + ".fifo", name + "-dlq.fifo", 5, 3);
    SIGN_UP.forEach(e -> pipeline.send(queues.queueUrl(), e, e.id()));
    Duration lease = Duration.ofSeconds(1);
    Pipeline.Wired crashing =
        pipeline.wireOn(
            table, new Pipeline.Container().emailClaimLease(lease).store(crashAt(point)));

    SqsEventSource crashingSource =
        new SqsEventSource(
            pipeline.sqs.client(),
            queues.queueUrl(),
            event -> crashing.handler().handleRequest(event, null));
    assertThatThrownBy(() -> crashingSource.pollOnce(Duration.ofSeconds(2)))
        .isInstanceOf(Crash.class);
    assertThat(subjects())
        .containsExactlyElementsOf(
            point.sesAcceptedBeforeTheCrash() ? List.of(WELCOME) : List.of());

    // A new container (nothing cached) gets the batch back once its visibility timeout ran out.
    Pipeline.Wired restarted =
        pipeline.wireOn(table, new Pipeline.Container().emailClaimLease(lease));
    drainUntilEmpty(restarted, queues.queueUrl());

    assertNothingLostOrDuplicated(restarted, SIGN_UP, expected);
    assertThat(pipeline.sqs.client().receiveMessage(r -> r.queueUrl(queues.dlqUrl())).messages())
        .isEmpty();
    if (point == CrashPoint.AFTER_SES_BEFORE_SENT_MARK) {
      // The one repeat the README names: SES accepted it, the mark was never written, the lease ran
      // out.
      assertThat(subjects()).containsExactly(WELCOME, WELCOME);
    } else {
      assertThat(subjects()).containsExactly(WELCOME);
    }
  }

  /** The store, dying at {@code point} the first time it gets there. */
  private static UnaryOperator<BillingStore> crashAt(CrashPoint point) {
    AtomicBoolean crashed = new AtomicBoolean();
    return store ->
        (BillingStore)
            Proxy.newProxyInstance(
                BillingStore.class.getClassLoader(),
                new Class<?>[] {BillingStore.class},
                (proxy, method, args) -> {
                  boolean here = method.getName().equals(point.storeMethod);
                  if (here && point.beforeTheCall && crashed.compareAndSet(false, true)) {
                    throw new Crash(point);
                  }
                  Object result;
                  try {
                    result = method.invoke(store, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (here
                      && !point.beforeTheCall
                      && result != EmailGuards.EmailClaim.TAKEN
                      && crashed.compareAndSet(false, true)) {
                    throw new Crash(point);
                  }
                  return result;
                });
  }

  /** Polls as Lambda's event source does until the queue holds nothing, in flight or visible. */
  private static void drainUntilEmpty(Pipeline.Wired wired, String queueUrl) {
    SqsEventSource source =
        new SqsEventSource(
            pipeline.sqs.client(), queueUrl, event -> wired.handler().handleRequest(event, null));
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      source.pollOnce(Duration.ofSeconds(1));
      Map<QueueAttributeName, String> counts =
          pipeline
              .sqs
              .client()
              .getQueueAttributes(
                  r ->
                      r.queueUrl(queueUrl)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      if ("0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
          && "0"
              .equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))) {
        return;
      }
    }
    throw new AssertionError("queue " + queueUrl + " not drained in 20 s");
  }

  // --- what every case checks ---

  /** A tenant's records as read back from the table. */
  record Records(
      Optional<SubscriptionRecord> subscription,
      List<PaymentRecord> payments,
      long credits,
      Optional<CustomerRecord> customer,
      Optional<EntitlementsRecord> entitlements) {
    static Records of(DynamoBillingStore store) {
      return new Records(
          store.subscription(TENANT),
          store.payments(TENANT),
          store.credits(TENANT),
          store.customer(TENANT),
          store.entitlements(TENANT));
    }
  }

  /** The records {@code events} leave without any fault (its emails are forgotten). */
  private static Records referenceRecords(List<StoryEvent> events) {
    Pipeline.Wired reference = pipeline.wire();
    assertThat(reference.deliver(events).getBatchItemFailures()).isEmpty();
    Records records = Records.of(reference.store());
    pipeline.ses.reset();
    return records;
  }

  /**
   * The records are those of a run without the fault, every event has its audit entry (none
   * failed), nothing is left recorded failed and every email guard is marked sent (none left
   * mid-send).
   */
  private static void assertNothingLostOrDuplicated(
      Pipeline.Wired wired, List<StoryEvent> events, Records expected) {
    assertThat(Records.of(wired.store())).isEqualTo(expected);
    List<AuditEntry> audit = auditEntries(wired.table());
    assertThat(audit)
        .extracting(AuditEntry::eventId)
        .containsExactlyInAnyOrderElementsOf(
            events.stream().map(StoryEvent::id).distinct().toList());
    assertThat(audit).extracting(AuditEntry::outcome).doesNotContain(Outcome.FAILED);
    assertThat(wired.store().failedEvents()).isEmpty();
    assertThat(emailGuardStatuses(wired.table()))
        .allSatisfy(status -> assertThat(status).isEqualTo("SENT"));
  }

  private static List<AuditEntry> auditEntries(String table) {
    return pipeline
        .dynamo
        .query(
            r ->
                r.tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :sk)")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS(BillingTable.TENANT_PREFIX + TENANT),
                            ":sk",
                            AttributeValue.fromS("EVENT#"))))
        .items()
        .stream()
        .map(EventItems::audit)
        .toList();
  }

  private static List<String> emailGuardStatuses(String table) {
    return pipeline.dynamo.scan(r -> r.tableName(table)).items().stream()
        .filter(item -> item.get("pk").s().startsWith(BillingTable.EMAIL_PREFIX))
        .map(item -> item.get("status").s())
        .toList();
  }

  /** The events whose messages the handler returned for retry, in batch order. */
  private static List<StoryEvent> returned(SQSBatchResponse response, List<StoryEvent> batch) {
    List<String> ids =
        response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .toList();
    List<StoryEvent> events = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (ids.contains("msg-" + batch.get(i).id() + "-" + i)) {
        events.add(batch.get(i));
      }
    }
    return events;
  }

  private static List<String> subjects() {
    return pipeline.ses.sentEmails().stream().map(SentEmail::subject).toList();
  }
}
