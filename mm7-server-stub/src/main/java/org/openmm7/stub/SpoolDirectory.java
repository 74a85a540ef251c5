package org.openmm7.stub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of this process's own for spooled bodies and the codec's temporary files:
 * {@code <parent>/openmm7-<pid>}, holding a {@code .lock} file that the process keeps locked while
 * it lives. The operating system drops the lock when the process ends, however it ends (SIGKILL
 * included), so a later stub that finds a sibling whose lock it can take (or whose process is
 * gone, when it has no lock file yet) removes it and what it holds. Stubs of one process share
 * the directory; nothing but {@code openmm7-<digits>} directories is touched, and links are
 * never followed.
 */
public final class SpoolDirectory {
  private static final Logger log = LoggerFactory.getLogger(SpoolDirectory.class);
  private static final String PREFIX = "openmm7-";
  static final String LOCK = ".lock";
  /** Per parent, this process's directory; the lock's channel stays open for the process's life. */
  private static final Map<Path, Path> OWN = new HashMap<>();
  private static final Map<Path, FileLock> LOCKS = new HashMap<>();

  private SpoolDirectory() {}

  /**
   * This process's directory under {@code parent} (made, and locked, on the first call), after
   * removing the directories of processes that are gone.
   */
  public static synchronized Path claim(Path parent) throws IOException {
    Path key = parent.toAbsolutePath().normalize();
    Files.createDirectories(key);
    removeDead(key);
    Path own = OWN.get(key);
    if (own != null && Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS)) {
      return own;
    }
    own = key.resolve(PREFIX + ProcessHandle.current().pid());
    if (Files.isSymbolicLink(own) || Files.exists(own, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(own,
        LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("cannot use " + own + " for temporary files: it is not a directory");
    }
    boolean existed = Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS);
    Files.createDirectories(own);
    FileChannel ch = FileChannel.open(own.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      ch.close();
      throw new IOException("cannot lock " + own.resolve(LOCK) + ": " + e, e);
    }
    if (lock == null) {
      ch.close(); // (another PID namespace sharing this directory: nothing of theirs is touched)
      throw new IOException(own + " is locked by another process with the same PID");
    }
    // What an earlier process with our PID left: emptied only once the lock is ours, and never the
    // lock file itself (a new one would not be the file we hold the lock on).
    if (existed) { // an earlier process with this PID left it (a new one is empty: no walk at every start)
      deleteContents(own, own.resolve(LOCK));
    }
    LOCKS.put(key, lock);
    OWN.put(key, own);
    return own;
  }

  /**
   * This process's directory under the system's temporary directory: where the command line's
   * codecs put the parts they spill (a killed {@code mm7 listen} leaves nothing for ever either).
   */
  public static Path underSystemTemp() throws IOException {
    return claim(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * The codec spilling to {@link #underSystemTemp()}; when that directory cannot be made, to the
   * system's temporary directory as before (a command must not fail for want of it).
   */
  public static org.openmm7.client.codec.Mm7Codec.Builder spillingToOwnDirectory(
      org.openmm7.client.codec.Mm7Codec.Builder codec) {
    try {
      return codec.tempDirectory(underSystemTemp());
    } catch (IOException e) {
      log.warn("temporary files go to the system's temporary directory: {}", e.toString());
      return codec;
    }
  }

  /** Removes the {@code openmm7-<pid>} directories under {@code parent} whose process is gone. */
  static void removeDead(Path parent) {
    long self = ProcessHandle.current().pid();
    // every entry, the name checked here: a glob compiles to a regex at every start
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
      for (Path p : ds) {
        long pid = pidOf(p.getFileName().toString());
        if (pid < 0 || pid == self || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || !dead(p, pid)) {
          continue;
        }
        try {
          deleteContents(p, null);
          Files.deleteIfExists(p);
          log.info("removed {}, left by process {} which is gone", p, pid);
        } catch (IOException e) {
          log.debug("cannot remove {}: {}", p, e.toString()); // another user's, perhaps
        }
      }
    } catch (IOException e) {
      log.debug("cannot list {}: {}", parent, e.toString());
    }
  }

  /**
   * The PID in a name {@code openmm7-<1 to 19 ASCII digits>}, else -1. Checked by hand, not by a
   * regular expression: a pattern and its character classes cost every stub's start a few
   * milliseconds.
   */
  static long pidOf(String name) {
    int digits = name.length() - PREFIX.length();
    if (!name.startsWith(PREFIX) || digits < 1 || digits > 19) {
      return -1;
    }
    for (int i = PREFIX.length(); i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(name, PREFIX.length(), name.length(), 10);
    } catch (NumberFormatException e) {
      return -1; // over Long.MAX_VALUE
    }
  }

  /** Whether the process that made {@code dir} is gone: its lock can be taken, or it never made one and has no process. */
  private static boolean dead(Path dir, long pid) {
    java.util.Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isPresent() && process.get().isAlive()) {
      // A live process is never taken for dead, even when its lock is free: between making its
      // directory and locking it, a starting process's lock is free for a moment (taking it then made
      // that process fail to start and emptied its directory). A PID reused by another program only
      // delays the removal.
      return false;
    }
    Path lockFile = dir.resolve(LOCK);
    if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
      return process.isEmpty();
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock l = ch.tryLock();
      if (l == null) {
        return false;
      }
      l.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // held in this process
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes what {@code dir} holds but {@code keep} (may be null), without following links (a link is removed, not its target). */
  private static void deleteContents(Path dir, Path keep) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!file.equals(keep)) {
          Files.deleteIfExists(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (!d.equals(dir)) {
          Files.deleteIfExists(d);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
