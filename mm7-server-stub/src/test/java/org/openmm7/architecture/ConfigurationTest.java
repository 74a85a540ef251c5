package org.openmm7.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The libraries (client and stub) are configured through their builders only: a JVM-wide system
 * property cannot differ between two stubs or clients in one JVM, and a test cannot see it.
 */
class ConfigurationTest {
  /** The libraries' own classes (StubPackagesTest reads them too). */
  static final JavaClasses LIBRARIES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      // the client's test jar is on this module's class path; its tests may read switches
      .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
      .importPackages("org.openmm7.client", "org.openmm7.stub");

  @Test
  void noSettingComesFromASystemProperty() {
    noClasses().should().callMethod(Long.class, "getLong", String.class)
        .orShould().callMethod(Long.class, "getLong", String.class, long.class)
        .orShould().callMethod(Long.class, "getLong", String.class, Long.class)
        .orShould().callMethod(Integer.class, "getInteger", String.class)
        .orShould().callMethod(Integer.class, "getInteger", String.class, int.class)
        .orShould().callMethod(Integer.class, "getInteger", String.class, Integer.class)
        .orShould().callMethod(Boolean.class, "getBoolean", String.class)
        .orShould().callMethod(System.class, "getProperty", String.class, String.class)
        .because("settings are builder options (only java.io.tmpdir, a JDK location, is read)")
        .check(LIBRARIES);
  }
}
