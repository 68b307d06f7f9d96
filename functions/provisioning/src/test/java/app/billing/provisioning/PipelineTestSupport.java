package app.billing.provisioning;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One {@link Pipeline} per test class; every test starts with no email sent. */
abstract class PipelineTestSupport {
  @AutoClose static Pipeline pipeline;

  @BeforeAll
  static void start() {
    pipeline = new Pipeline();
  }

  @BeforeEach
  void clearEmails() {
    pipeline.ses.reset();
  }
}
