package io.atende.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Customers' media reachable from every node: node A stores, node B (its own mount of the shared directory, or its own
 * connection to the database) reads the same bytes; a reference cannot leave the directory.
 */
class MediaStoreTest {

  private static final byte[] PDF = "%PDF-1.7 contrato".getBytes(StandardCharsets.US_ASCII);

  @Test
  void aFileStoredByOneNodeIsReadByAnotherThatMountsTheSharedDirectoryElsewhere(@TempDir Path tmp) throws IOException {
    Path shared = Files.createDirectories(tmp.resolve("nfs/export/media"));
    Path mountOfNodeB = Files.createSymbolicLink(tmp.resolve("node-b-media"), shared);
    MediaStore nodeA = new MediaStore.Directory(shared);
    MediaStore nodeB = new MediaStore.Directory(mountOfNodeB);

    String reference = nodeA.put(42, "4410002", "application/pdf", "pdf", PDF);

    assertThat(Path.of(reference)).isRelative();
    assertThat(bytes(nodeB.open(reference).orElseThrow())).isEqualTo(PDF);
    assertThat(nodeB.open("2026/12/43-nothing.pdf")).as("not stored").isEmpty();
  }

  @Test
  void aReferenceThatLeavesTheDirectoryReadsNothing(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("secret.txt"), "não");
    MediaStore store = new MediaStore.Directory(Files.createDirectories(tmp.resolve("media")));

    assertThat(store.open("../secret.txt")).isEmpty();
    assertThat(store.open("db:1")).isEmpty();
  }

  @Test
  void mediaKeptInTheDatabaseAreReadThroughAnotherNodesConnectionAndEarlierFilesStillAre(@TempDir Path tmp) throws IOException {
    String url = "jdbc:h2:mem:media-store-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    Flyway.configure().dataSource(dataSource(url)).locations("classpath:db/migration").load().migrate();
    JdbcClient nodeAJdbc = JdbcClient.create(dataSource(url));
    nodeAJdbc.sql("insert into customer (wa_id, profile_name, created_at) values ('5531900000099', 'Ana', ?)")
        .param(java.sql.Timestamp.from(Instant.now())).update();
    long customerId = nodeAJdbc.sql("select id from customer where wa_id = '5531900000099'").query(Long.class).single();
    long messageId = new MessageLog(nodeAJdbc, new org.springframework.jdbc.core.JdbcTemplate(dataSource(url))).record(new MessageLog.NewMessage(customerId, null, "106540352242922",
        Direction.IN, null, "wamid.DB_MEDIA", null, io.atende.whatsapp.MessageType.DOCUMENT, null, "4410003", "application/pdf",
        "contrato.pdf", null, io.atende.whatsapp.DeliveryStatus.DELIVERED, Instant.now()));
    Path directory = Files.createDirectories(tmp.resolve("media"));
    MediaStore.Directory files = new MediaStore.Directory(directory);
    String earlierFile = files.put(7, "4410001", "application/pdf", "pdf", PDF);
    MediaStore nodeA = new MediaStore.Database(nodeAJdbc, files);
    MediaStore nodeB = new MediaStore.Database(JdbcClient.create(dataSource(url)), files);

    String reference = nodeA.put(messageId, "4410003", "application/pdf", "pdf", PDF);

    assertThat(reference).isEqualTo("db:" + messageId);
    assertThat(bytes(nodeB.open(reference).orElseThrow())).isEqualTo(PDF);
    assertThat(Files.list(directory.resolve(earlierFile).getParent())).as("nothing more on the disk").hasSize(1);
    assertThat(bytes(nodeB.open(earlierFile).orElseThrow())).as("stored before the switch to the database").isEqualTo(PDF);
    assertThat(nodeB.open("db:" + (messageId + 1))).isEmpty();
  }

  private static JdbcDataSource dataSource(String url) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    dataSource.setUser("sa");
    return dataSource;
  }

  private static byte[] bytes(Resource resource) throws IOException {
    try (var in = resource.getInputStream()) {
      return in.readAllBytes();
    }
  }
}
