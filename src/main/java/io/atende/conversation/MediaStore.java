package io.atende.conversation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where customers' media files are kept once fetched from WhatsApp ({@code atende.whatsapp.media-store}), reachable from
 * every node of a cluster: {@code directory} (default) writes them under {@code atende.whatsapp.media-directory} and
 * keeps the path relative to it, so every node that mounts the same shared directory (NFS, a volume), wherever it
 * mounts it, reads them; {@code database} keeps them in the database (table {@code media_content}), nothing to share
 * but the database itself. The reference a store gives is what {@code chat_message.media_path} holds.
 */
public interface MediaStore {

  /** Stores the content of a customer's media; returns its reference. */
  String put(long messageId, String mediaId, String mimeType, String fileExtension, byte[] content);

  /** The stored content, or empty when nothing is stored under the reference (not yet fetched, or lost). */
  Optional<Resource> open(String reference);

  /** Files under a directory, shared by the nodes. References are relative paths ({@code 2026/12/42-abc.jpg}). */
  final class Directory implements MediaStore {

    private final Path directory;

    public Directory(Path directory) {
      this.directory = directory;
    }

    @Override
    public String put(long messageId, String mediaId, String mimeType, String fileExtension, byte[] content) {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      String relativeFolder = String.format(Locale.ROOT, "%04d/%02d", now.getYear(), now.getMonthValue());
      Path folder = directory.resolve(relativeFolder);
      String name = messageId + "-" + mediaId.replaceAll("[^A-Za-z0-9_-]", "_") + "." + fileExtension;
      try {
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, messageId + "-", ".part");
        Files.write(partial, content);
        Files.move(partial, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return relativeFolder + "/" + name;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot store media file under " + folder, e);
      }
    }

    @Override
    public Optional<Resource> open(String reference) {
      if (reference == null || reference.startsWith(Database.PREFIX)) {
        return Optional.empty();
      }
      // an absolute path is a reference of an earlier version, kept as it was
      Path file = Path.of(reference).isAbsolute() ? Path.of(reference) : directory.resolve(reference).normalize();
      if (!Path.of(reference).isAbsolute() && !file.startsWith(directory.normalize())) {
        return Optional.empty();
      }
      return Files.isReadable(file) ? Optional.of(new FileSystemResource(file)) : Optional.empty();
    }
  }

  /** Rows of table {@code media_content}. References are {@code db:<message id>}. */
  final class Database implements MediaStore {

    static final String PREFIX = "db:";

    private final JdbcClient jdbc;
    private final Directory earlier;

    /** @param earlier where media stored before the switch to the database still are */
    public Database(JdbcClient jdbc, Directory earlier) {
      this.jdbc = jdbc;
      this.earlier = earlier;
    }

    @Override
    public String put(long messageId, String mediaId, String mimeType, String fileExtension, byte[] content) {
      jdbc.sql("delete from media_content where message_id = ?").param(messageId).update();
      jdbc.sql("insert into media_content (message_id, content) values (?, ?)").params(messageId, content).update();
      return PREFIX + messageId;
    }

    @Override
    public Optional<Resource> open(String reference) {
      if (reference == null) {
        return Optional.empty();
      }
      if (!reference.startsWith(PREFIX)) {
        return earlier.open(reference);
      }
      long messageId = Long.parseLong(reference.substring(PREFIX.length()));
      return jdbc.sql("select content from media_content where message_id = ?").param(messageId)
          .query((rs, n) -> rs.getBytes(1)).optional().map(ByteArrayResource::new);
    }
  }
}
