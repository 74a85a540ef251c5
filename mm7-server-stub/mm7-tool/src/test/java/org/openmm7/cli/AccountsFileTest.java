package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.stub.Account;

/** The accounts file's per-VASP release of DeliverReqs: read in any case, refused with the valid ones when unknown. */
class AccountsFileTest {
  @TempDir
  Path dir;

  @Test
  void anAccountsReleaseIsRead() throws Exception {
    Path f = Files.writeString(dir.resolve("accounts.json"), "[{\"vaspId\": \"acme\", \"password\": \"pw\","
        + " \"release\": \"rel-5-mm7-1-2\"}, {\"vaspId\": \"beta\", \"password\": \"pw\"}]");
    List<Account> accounts = StubCommand.readAccounts(f);
    assertEquals("REL-5-MM7-1-2", accounts.get(0).release().releaseName());
    assertNull(accounts.get(1).release());
  }

  @Test
  void anUnknownReleaseIsRefusedNamingItAndTheValidOnes() throws Exception {
    Path f = Files.writeString(dir.resolve("accounts.json"), "[{\"vaspId\": \"acme\", \"password\": \"pw\","
        + " \"release\": \"REL-9\"}]");
    IOException e = assertThrows(IOException.class, () -> StubCommand.readAccounts(f));
    assertTrue(e.getMessage().contains("acme") && e.getMessage().contains("'REL-9'")
        && e.getMessage().contains("REL-6-MM7-1-4"), e.getMessage());
  }
}
