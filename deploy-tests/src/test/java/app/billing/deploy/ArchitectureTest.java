package app.billing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Sizes and dependencies the whole repository keeps: no main source file outside the local stack
 * above {@value #MAX_LINES} lines, no file of the local Stripe stand-in above {@value
 * #MAX_STAND_IN_LINES}, and billing-core free of stripe-java and of AWS artifacts.
 */
class ArchitectureTest {
  static final int MAX_LINES = 300;
  static final int MAX_STAND_IN_LINES = 400;
  private static final String LOCAL_STACK = "infra/local/";
  private static final String STAND_IN = "infra/local/src/main/java/app/billing/local/stripe/";
  private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git");

  @Test
  void noMainSourceFileIsOverItsLimit() throws IOException {
    Map<String, Long> over = new TreeMap<>();
    for (Path file : mainSources()) {
      String path = relative(file);
      long lines = lineCount(file);
      boolean overLimit =
          path.startsWith(STAND_IN) ? lines > MAX_STAND_IN_LINES : lines > MAX_LINES;
      boolean checked = !path.startsWith(LOCAL_STACK) || path.startsWith(STAND_IN);
      if (checked && overLimit) {
        over.put(path, lines);
      }
    }

    assertThat(over)
        .as(
            "main source files over %d lines (%d under %s); split them by responsibility",
            MAX_LINES, MAX_STAND_IN_LINES, STAND_IN)
        .isEmpty();
  }

  @Test
  void billingCoreDeclaresNeitherStripeJavaNorAnyAwsArtifact() throws Exception {
    List<String> refused = new ArrayList<>();
    for (String dependency :
        nonTestDependencies(root().resolve("functions/billing-core/pom.xml"))) {
      boolean forbidden =
          dependency.equals("com.stripe:stripe-java")
              || dependency.startsWith("software.amazon")
              || dependency.startsWith("com.amazonaws");
      if (forbidden) {
        refused.add(dependency);
      }
    }

    assertThat(refused)
        .as("billing-core holds the domain: no stripe-java, no AWS SDK or Lambda artifacts")
        .isEmpty();
  }

  /** {@code groupId:artifactId} of each dependency of the pom whose scope is not {@code test}. */
  private static List<String> nonTestDependencies(Path pom) throws Exception {
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    List<String> out = new ArrayList<>();
    NodeList dependencies = document.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      if (!isProjectDependency(dependency) || "test".equals(child(dependency, "scope"))) {
        continue;
      }
      out.add(child(dependency, "groupId") + ":" + child(dependency, "artifactId"));
    }
    return out;
  }

  /** Under {@code project/dependencies}, not a plugin's or an exclusion's. */
  private static boolean isProjectDependency(Element dependency) {
    Node parent = dependency.getParentNode();
    return parent != null
        && "dependencies".equals(parent.getNodeName())
        && parent.getParentNode() != null
        && "project".equals(parent.getParentNode().getNodeName());
  }

  private static String child(Element element, String name) {
    NodeList children = element.getElementsByTagName(name);
    return children.getLength() == 0 ? null : children.item(0).getTextContent().strip();
  }

  /** Every {@code src/main/java/**.java} of the repository; build output and Node modules aside. */
  private static List<Path> mainSources() throws IOException {
    List<Path> sources = new ArrayList<>();
    Files.walkFileTree(
        root(),
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            return SKIPPED_DIRECTORIES.contains(name)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            String path = relative(file);
            if (path.endsWith(".java") && path.contains("src/main/java/")) {
              sources.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return sources;
  }

  private static long lineCount(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    }
  }

  private static Path root() {
    return Template.ROOT;
  }

  private static String relative(Path file) {
    return root().relativize(file).toString().replace('\\', '/');
  }
}
