package app.billing.deploy;

import static app.billing.deploy.Template.map;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.metrics.EmfMetrics;
import app.billing.core.metrics.MetricNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EMF namespace reaches every function, and the alarms watch the metrics the code emits. */
class MetricsTemplateTest {
  private final Template template = Template.get();

  @Test
  void everyFunctionGetsTheNamespaceParameterWhoseDefaultIsTheCodesDefault() {
    assertThat(map(template.parameters().get("MetricsNamespace")))
        .containsEntry("Default", EmfMetrics.DEFAULT_NAMESPACE);
    for (String function : template.functions()) {
      assertThat(template.environment(function))
          .as(function)
          .containsEntry(EmfMetrics.NAMESPACE_ENV, Map.of("Ref", "MetricsNamespace"));
    }
  }

  @Test
  void failedEmailsAndFailedEventsAreAlarmedInTheEmfNamespaceWithOptionalActions() {
    List<Map<String, Object>> alarms =
        template.ofType("AWS::CloudWatch::Alarm").stream().map(template::properties).toList();
    for (String metric : List.of(MetricNames.EMAILS_FAILED, MetricNames.EVENTS_FAILED)) {
      assertThat(alarms)
          .as("alarm on %s", metric)
          .anySatisfy(
              a -> {
                assertThat(a)
                    .containsEntry("Namespace", Map.of("Ref", "MetricsNamespace"))
                    .containsEntry("MetricName", metric)
                    .containsEntry("Statistic", "Sum")
                    .containsEntry("Threshold", 0)
                    .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                    .containsEntry("TreatMissingData", "notBreaching");
                // The writer's rollup dimension set: the metric under Service alone.
                assertThat(a.get("Dimensions"))
                    .isEqualTo(
                        List.of(Map.of("Name", MetricNames.SERVICE, "Value", "provisioning")));
                assertThat(String.valueOf(a.get("AlarmActions")))
                    .contains("HasAlarmTopic")
                    .contains("AlarmTopicArn")
                    .contains("AWS::NoValue");
              });
    }
  }
}
