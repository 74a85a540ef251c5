package org.openmm7.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The stub's layers: the API in {@code org.openmm7.stub}, its internals in
 * {@code org.openmm7.stub.internal.*}, used by the stub's own classes only; the request path above
 * the pushes above the store.
 */
class StubPackagesTest {
  private static final JavaClasses STUB = ConfigurationTest.LIBRARIES;

  @Test
  void theInternalsAreUsedByTheStubAlone() {
    noClasses().that().resideOutsideOfPackages("org.openmm7.stub", "org.openmm7.stub.internal..")
        .should().dependOnClassesThat().resideInAPackage("org.openmm7.stub.internal..")
        .because("the inbox, the verifications and the client see the stub through its API")
        .check(STUB);
  }

  @Test
  void theStoreKnowsNeitherTheRequestPathNorThePushes() {
    noClasses().that().resideInAPackage("org.openmm7.stub.internal.store..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("org.openmm7.stub.internal.http..", "org.openmm7.stub.internal.push..")
        .check(STUB);
  }

  @Test
  void thePushesDoNotKnowTheRequestPath() {
    noClasses().that().resideInAPackage("org.openmm7.stub.internal.push..")
        .should().dependOnClassesThat().resideInAPackage("org.openmm7.stub.internal.http..")
        .check(STUB);
  }

  @Test
  void theInboxSeesTheStubThroughItsInboxSource() {
    noClasses().that().resideInAPackage("org.openmm7.stub.inbox..")
        .should().dependOnClassesThat().haveNameMatching("org\\.openmm7\\.stub\\.Mm7StubServer(\\$.*)?")
        .because("the stub makes its inbox, so the inbox knowing the stub's class is a cycle")
        .check(STUB);
  }
}
