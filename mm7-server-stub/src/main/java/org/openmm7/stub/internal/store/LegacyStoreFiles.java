package org.openmm7.stub.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openmm7.stub.StartFiles;
import org.openmm7.stub.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store directory of the layout before the log: per message {@code <MessageID>.json} (its state and
 * decoded summary), {@code <MessageID>.http} (the request) and {@code <MessageID>.replace-<n>.http}.
 * At start its messages are appended to the log (each forced before the next) and then their files
 * removed, so a crash during the migration leaves every message in one place or both (a message
 * already in the log is not appended again). A summary that cannot be read (empty, truncated,
 * corrupt, named for another MessageID) is moved to {@code unreadable/} with its request files, as
 * the old store did; temporary files of writes a killed stub left are removed.
 */
final class LegacyStoreFiles {
  private static final Logger log = LoggerFactory.getLogger(LegacyStoreFiles.class);
  private static final Pattern REQUEST = Pattern.compile("(.+?)(?:\\.replace-(\\d+))?\\.http");
  private final Path directory;

  LegacyStoreFiles(Path directory) {
    this.directory = directory;
  }

  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  void migrate(MessageStore store) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.{json,http}.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p); // a write that never completed: its message was not answered 1000
      }
    }
    List<Old> found = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.json")) {
      for (Path p : ds) {
        try {
          found.add(read(p));
        } catch (IOException | RuntimeException e) {
          StartFiles.setAside(directory, p, e);
          String name = p.getFileName().toString();
          unreadable.add(name.substring(0, name.length() - ".json".length()));
        }
      }
    }
    found.sort(Comparator.comparing(o -> o.message().receivedAt()));
    int migrated = 0;
    for (Old o : found) {
      if (!store.contains(o.message().messageId())) {
        store.migrate(o.message(), o.summary(), requests(o.message().messageId()));
        migrated++;
      }
      Files.delete(directory.resolve(o.message().messageId() + ".json"));
    }
    // request files: of a message now in the log (migrated, or before a crash), or set aside with their summary
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.http")) {
      for (Path p : ds) {
        Matcher m = REQUEST.matcher(p.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        if (unreadable.contains(m.group(1))) {
          StartFiles.setAside(directory, p, new IOException("its summary is unreadable"));
        } else if (store.contains(m.group(1))) {
          Files.delete(p);
        }
      }
    }
    if (migrated > 0) {
      log.info("moved {} messages of the store's old layout (a .json and .http file each) into its log {}",
          migrated, directory.resolve("messages"));
    }
  }

  private record Old(StoredMessage message, byte[] summary) {}

  private List<Path> requests(String id) {
    List<Path> out = new ArrayList<>();
    Path first = directory.resolve(id + ".http");
    if (Files.isRegularFile(first, LinkOption.NOFOLLOW_LINKS)) {
      out.add(first);
    }
    for (int n = 0; ; n++) {
      Path r = directory.resolve(id + ".replace-" + n + ".http");
      if (!Files.isRegularFile(r, LinkOption.NOFOLLOW_LINKS)) {
        break;
      }
      out.add(r);
    }
    if (out.isEmpty()) {
      out.add(null); // a summary without its request: the record has no request bytes
    }
    return out;
  }

  private static Old read(Path p) throws IOException {
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("not a regular file");
    }
    JsonNode n = Json.MAPPER.readTree(p.toFile());
    if (n == null || !n.isObject()) {
      throw new IOException("not a JSON object (empty or truncated?)");
    }
    String id = n.path("messageId").asText("");
    if (id.isEmpty() || !p.getFileName().toString().equals(id + ".json")) {
      throw new IOException("its messageId \"" + id + "\" does not match the file name");
    }
    StoredMessage m = new StoredMessage(id, n.hasNonNull("vaspId") ? n.get("vaspId").asText() : null,
        n.path("transactionId").asText(null), n.path("release").asText(null),
        Instant.parse(n.path("receivedAt").asText()), StoredMessage.State.valueOf(n.path("state").asText()),
        n.path("replacements").asInt());
    JsonNode decoded = n.get("decoded");
    return new Old(m, decoded == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(decoded));
  }
}
