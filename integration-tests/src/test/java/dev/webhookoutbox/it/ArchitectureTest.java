package dev.webhookoutbox.it;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

/**
 * The layering of the modules, checked on their classes (this module sees them all, with its own
 * benchmark and tests): core knows no JDBC, Quartz or HTTP client, jdbc-store no Quartz or HTTP
 * client, a module's {@code internal} packages are used by that module only, and no packages depend
 * on each other in a cycle.
 */
@AnalyzeClasses(packages = "dev.webhookoutbox")
class ArchitectureTest {

  /** core: every package of the library that no other module owns. */
  static final String[] CORE = {
    "dev.webhookoutbox",
    "dev.webhookoutbox.dispatch..",
    "dev.webhookoutbox.enqueue..",
    "dev.webhookoutbox.internal..",
    "dev.webhookoutbox.retry..",
    "dev.webhookoutbox.signing..",
    "dev.webhookoutbox.spi..",
    "dev.webhookoutbox.time..",
    "dev.webhookoutbox.validation.."
  };

  static final String[] JDBC_STORE = {"dev.webhookoutbox.jdbc.."};

  static final String[] QUARTZ_RUNNER = {"dev.webhookoutbox.runner.."};

  /**
   * Each module's implementation packages and the packages allowed to use them: one line per
   * module.
   */
  static final List<Internals> INTERNALS =
      List.of(new Internals("dev.webhookoutbox.internal..", CORE));

  static final ArchRule coreUsesNoJdbcQuartzOrHttpClient =
      noClasses()
          .that()
          .resideInAnyPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "java.sql..", "javax.sql..", "org.jdbi..", "org.quartz..", "org.apache.hc..")
          .because("core holds the model, policies, signing, the SPI and the dispatch loop");

  static final ArchRule jdbcStoreUsesNoQuartzOrHttpClient =
      noClasses()
          .that()
          .resideInAnyPackage(JDBC_STORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.quartz..", "org.apache.hc..")
          .because("the store knows SQL; scheduling and HTTP are the runner's");

  static final ArchRule internalPackagesStayInTheirModule =
      CompositeArchRule.of(INTERNALS.stream().map(Internals::rule).toList());

  static final ArchRule noPackageCycles =
      slices()
          .matching("dev.webhookoutbox.(**)")
          .should()
          .beFreeOfCycles()
          // Known until quartz-runner's internal packages (issue #17): the command line's entry
          // points still live in runner while their commands live in runner.cli.
          .ignoreDependency(
              nameMatching("dev\\.webhookoutbox\\.runner\\.(RunnerMain|DemoCommand)(\\$.*)?"),
              resideInAPackage("dev.webhookoutbox.runner.cli"));

  // The rules run from methods: Surefire 3.5.3 skips @ArchTest fields (TNG/ArchUnit#1442).
  @ArchTest
  static void coreUsesNoJdbcQuartzOrHttpClient(JavaClasses classes) {
    coreUsesNoJdbcQuartzOrHttpClient.check(classes);
  }

  @ArchTest
  static void jdbcStoreUsesNoQuartzOrHttpClient(JavaClasses classes) {
    jdbcStoreUsesNoQuartzOrHttpClient.check(classes);
  }

  @ArchTest
  static void internalPackagesStayInTheirModule(JavaClasses classes) {
    internalPackagesStayInTheirModule.check(classes);
  }

  @ArchTest
  static void noPackageCycles(JavaClasses classes) {
    noPackageCycles.check(classes);
  }

  /**
   * A module's implementation packages ({@code internalPackages}) and the packages of that module
   * ({@code owners}), the only ones that may depend on them.
   */
  record Internals(String internalPackages, String... owners) {

    ArchRule rule() {
      return noClasses()
          .that()
          .resideOutsideOfPackages(owners)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(internalPackages)
          .because(internalPackages + " is not API: other modules use the API packages only");
    }
  }
}
