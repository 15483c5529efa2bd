package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What {@code mvn install} publishes, checked on the reactor's own output (the jars in each library
 * module's {@code target} and the POMs as written): every library jar names its module and carries
 * LICENSE and NOTICE, has a sources and a javadoc jar, and leaves JDBC drivers to the host; the BOM
 * manages every library module at the project's version; the standalone runner's jar still bundles
 * the H2, PostgreSQL and MariaDB drivers. Run by failsafe in {@code integration-test}, after the
 * library modules passed {@code verify}.
 */
class PublishedArtifactsIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Map<String, String> MODULE_NAMES =
      Map.of(
          "core", "dev.webhookoutbox.core",
          "jdbc-store", "dev.webhookoutbox.jdbc",
          "quartz-runner", "dev.webhookoutbox.runner");
  private static final List<String> DRIVERS =
      List.of("h2", "postgresql", "mariadb-java-client", "mysql-connector-j");

  static Stream<String> libraries() {
    return MODULE_NAMES.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void theJarNamesItsModuleAndCarriesTheLicence(String module) throws Exception {
    Path jar = artifact(module, "");
    ModuleDescriptor descriptor =
        ModuleFinder.of(jar).findAll().stream()
            .map(ModuleReference::descriptor)
            .findFirst()
            .orElseThrow();
    assertThat(descriptor.name()).isEqualTo(MODULE_NAMES.get(module));
    assertThat(descriptor.isAutomatic()).isTrue();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo(MODULE_NAMES.get(module));
      assertThat(new String(file.getInputStream(file.getEntry("META-INF/LICENSE")).readAllBytes()))
          .isEqualTo(Files.readString(ROOT.resolve("LICENSE")));
      assertThat(file.getEntry("META-INF/NOTICE")).as("META-INF/NOTICE").isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void sourcesAndJavadocJarsAreBuilt(String module) throws Exception {
    try (JarFile sources = new JarFile(artifact(module, "-sources").toFile());
        JarFile javadoc = new JarFile(artifact(module, "-javadoc").toFile())) {
      assertThat(sources.stream().map(e -> e.getName()).filter(n -> n.endsWith(".java")))
          .isNotEmpty();
      assertThat(javadoc.getEntry("index.html")).as("javadoc index.html").isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void thePublishedPomLeavesJdbcDriversToTheHost(String module) throws Exception {
    Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
    Document parent = read(ROOT.resolve("pom.xml"));
    List<String> forced = new ArrayList<>();
    for (Element dependency : children(pom, "dependencies")) {
      String artifactId = text(dependency, "artifactId");
      if (!DRIVERS.contains(artifactId)) {
        continue;
      }
      String scope = text(dependency, "scope");
      if (scope.isEmpty()) {
        scope = managedScope(parent, artifactId);
      }
      boolean optional = "true".equals(text(dependency, "optional"));
      if (scope.equals("compile") || (scope.equals("runtime") && !optional)) {
        forced.add(artifactId + " (" + scope + (optional ? ", optional" : "") + ")");
      }
    }
    assertThat(forced).as("drivers an embedding host would inherit from " + module).isEmpty();
    assertThat(children(parent, "dependencies"))
        .extracting(d -> text(d, "artifactId"))
        .doesNotContainAnyElementsOf(DRIVERS);
  }

  @Test
  void theParentAndTheBomCarryWhatMavenCentralRequires() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document bom = read(ROOT.resolve("bom/pom.xml"));
    for (Document pom : List.of(parent, bom)) {
      Element project = pom.getDocumentElement();
      assertThat(text(project, "url")).startsWith("https://");
      assertThat(child(project, "licenses").getTextContent()).contains("Apache-2.0");
      assertThat(text(child(project, "scm"), "url")).startsWith("https://");
      assertThat(child(project, "developers").getElementsByTagName("developer").getLength())
          .isPositive();
    }
    assertThat(child(bom.getDocumentElement(), "parent"))
        .as("the BOM has no parent, so importing it manages webhook-outbox's modules only")
        .isNull();
    assertThat(text(bom.getDocumentElement(), "version"))
        .isEqualTo(text(parent.getDocumentElement(), "version"));
    assertThat(children(bom, "dependencyManagement"))
        .extracting(d -> text(d, "artifactId") + ":" + text(d, "version"))
        .containsExactlyInAnyOrder(
            libraries()
                .map(m -> "webhook-outbox-" + m + ":${project.version}")
                .toArray(String[]::new));
  }

  @Test
  void theStandaloneRunnerJarStillBundlesItsDrivers() throws Exception {
    try (JarFile runner =
        new JarFile(ROOT.resolve("quartz-runner/target/webhook-outbox-runner.jar").toFile())) {
      assertThat(runner.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.webhookoutbox.runner.RunnerMain");
      assertThat(runner.getEntry("org/h2/Driver.class")).as("H2 driver").isNotNull();
      assertThat(runner.getEntry("org/postgresql/Driver.class"))
          .as("PostgreSQL driver")
          .isNotNull();
      assertThat(runner.getEntry("org/mariadb/jdbc/Driver.class")).as("MariaDB driver").isNotNull();
    }
  }

  private static Path artifact(String module, String classifier) throws Exception {
    String version = text(read(ROOT.resolve("pom.xml")).getDocumentElement(), "version");
    Path jar =
        ROOT.resolve(module)
            .resolve("target")
            .resolve("webhook-outbox-" + module + "-" + version + classifier + ".jar");
    assertThat(jar)
        .as("built by the library module's verify phase (run mvn verify from the root, or -am)")
        .exists();
    return jar;
  }

  /** The scope the parent's dependencyManagement gives a dependency declared without one. */
  private static String managedScope(Document parent, String artifactId) {
    return children(parent, "dependencyManagement").stream()
        .filter(d -> artifactId.equals(text(d, "artifactId")))
        .map(d -> text(d, "scope"))
        .filter(s -> !s.isEmpty())
        .findFirst()
        .orElse("compile");
  }

  /** The {@code <dependency>} elements of the project's {@code <section>}. */
  private static List<Element> children(Document pom, String section) {
    Element holder = child(pom.getDocumentElement(), section);
    if (holder != null && section.equals("dependencyManagement")) {
      holder = child(holder, "dependencies");
    }
    List<Element> dependencies = new ArrayList<>();
    if (holder != null) {
      for (Node n = holder.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals("dependency")) {
          dependencies.add(e);
        }
      }
    }
    return dependencies;
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? "" : element.getTextContent().strip();
  }

  private static Document read(Path pom) throws Exception {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + pom, e);
    }
  }
}
