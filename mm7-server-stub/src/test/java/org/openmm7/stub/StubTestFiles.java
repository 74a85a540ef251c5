package org.openmm7.stub;

import java.nio.file.Path;

/** Test support visible to other packages' tests: the shared corpus. */
public final class StubTestFiles {
  private StubTestFiles() {}

  public static Path corpus() {
    return Http.corpus();
  }
}
