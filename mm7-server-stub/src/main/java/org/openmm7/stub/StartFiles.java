package org.openmm7.stub;

import org.openmm7.client.internal.SafeText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files the stub reads or writes at start: a required file that cannot be read is a one-line
 * error naming it; a stored file that cannot be read is set aside and named, and the rest served.
 */
public final class StartFiles {
  private static final Logger log = LoggerFactory.getLogger(StartFiles.class);
  /** Where unreadable stored files are moved, inside the directory they were found in. */
  public static final String UNREADABLE = "unreadable";
  /** Larger than any script, accounts list or key store a stub is given. */
  private static final long MAX_REQUIRED_FILE = 16L * 1024 * 1024;

  private StartFiles() {}

  /**
   * The bytes of a file the stub cannot start without.
   *
   * @param what what the file is, for the message ("the script")
   * @throws IOException one line naming the file and what is wrong with it
   */
  public static byte[] readRequired(Path file, String what) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new IOException(what + " " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IOException("cannot read " + what + " " + file + ": " + reason(e), e);
    }
    if (a.isDirectory()) {
      throw new IOException(what + " " + file + " is a directory, not a file");
    }
    if (!a.isRegularFile()) {
      throw new IOException(what + " " + file + " is not a regular file"); // a FIFO would block the start
    }
    if (a.size() > MAX_REQUIRED_FILE) {
      throw new IOException(what + " " + file + " is too large (" + a.size() + " bytes)");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IOException("cannot read " + what + " " + file + ": " + reason(e), e);
    }
  }

  /**
   * Creates the directory if needed and checks that a file can be written in it (and removed),
   * so that a stub whose store cannot be written refuses to start instead of failing every message.
   */
  public static void requireWritableDirectory(Path dir, String what) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(what + " " + dir + " is not a directory", e);
    } catch (IOException e) {
      throw new IOException(what + " " + dir + " cannot be created: " + reason(e), e);
    }
    Path probe = dir.resolve(".write-check-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      Files.write(probe, new byte[] {'\n'});
    } catch (IOException e) {
      throw new IOException(what + " " + dir + " cannot be written: " + reason(e), e);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /**
   * Moves a stored file that cannot be read to {@code unreadable/} beside it, under a name that
   * overwrites nothing, and says so in a warning; if it cannot be moved it stays and is skipped.
   */
  public static void setAside(Path dir, Path file, Exception why) {
    String reason = why instanceof com.fasterxml.jackson.core.JsonProcessingException j ? "not JSON: " + j.getOriginalMessage()
        : why instanceof IOException io ? reason(io) : String.valueOf(why.getMessage());
    try {
      Path aside = dir.resolve(UNREADABLE);
      Files.createDirectories(aside);
      Path target = aside.resolve(file.getFileName());
      for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
        target = aside.resolve(file.getFileName() + "." + n);
      }
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      log.warn("skipped unreadable stored file {} ({}); moved it to {}", file, SafeText.escape(reason), target);
    } catch (IOException | RuntimeException e) {
      log.warn("skipped unreadable stored file {} ({}); could not move it aside: {}", file, SafeText.escape(reason),
          e.toString());
    }
  }

  /** An I/O failure in words: the exceptions of java.nio.file carry only the path as their message. */
  static String reason(IOException e) {
    String m = e.getMessage();
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String r = m == null ? e.getClass().getSimpleName() : m;
    return r.replaceAll("\\s*\\R\\s*", " ");
  }
}
