package org.openmm7.client.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules of the house that matter, as tests. */
class ArchitectureTest {
  private static final JavaClasses CLIENT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.openmm7.client");

  @Test
  void generatedJaxbTypesStayOutOfTheClient() {
    // MM7 namespaces are versioned: user code must never be welded to one release's classes
    noClasses().should().dependOnClassesThat().resideInAPackage("org.openmm7.schema.jaxb..")
        .check(CLIENT);
  }

  @Test
  void onlyTheJaxbViewNeedsJaxb() {
    // jaxb-runtime is optional: a user who never touches JaxbView must not need it
    noClasses().that().doNotHaveFullyQualifiedName("org.openmm7.client.codec.JaxbView")
        .should().dependOnClassesThat().resideInAPackage("jakarta.xml.bind..")
        .check(CLIENT);
  }

  @Test
  void theLibraryNeverPrintsToTheConsole() {
    noClasses().should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().callMethod(Throwable.class, "printStackTrace")
        .check(CLIENT);
  }

  @Test
  void thePublicModelDoesNotDependOnInternals() {
    noClasses().that().resideInAnyPackage("org.openmm7.client.message..", "org.openmm7.client.content..")
        .should().dependOnClassesThat().resideInAPackage("org.openmm7.client.internal..")
        .check(CLIENT);
  }
}
