package app.billing.provisioning;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One {@link Pipeline} per test class; every test starts with no email sent. */
abstract class PipelineTestSupport {
  static Pipeline pipeline;

  @BeforeAll
  static void start() {
    pipeline = new Pipeline();
  }

  @AfterAll
  static void stop() {
    pipeline.close();
  }

  @BeforeEach
  void clearEmails() {
    pipeline.ses.reset();
  }
}
