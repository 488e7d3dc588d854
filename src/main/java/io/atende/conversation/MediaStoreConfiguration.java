package io.atende.conversation;

import io.atende.whatsapp.WhatsAppProperties;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code atende.whatsapp.media-store}: {@code directory} (default) or {@code database}; see {@link MediaStore}. */
@Configuration(proxyBeanMethods = false)
class MediaStoreConfiguration {

  @Bean
  MediaStore mediaStore(@Value("${atende.whatsapp.media-store:directory}") String kind, WhatsAppProperties whatsapp, JdbcClient jdbc) {
    MediaStore.Directory directory = new MediaStore.Directory(Path.of(whatsapp.mediaDirectory()).toAbsolutePath());
    return switch (kind.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "directory" -> directory;
      case "database" -> new MediaStore.Database(jdbc, directory);
      default -> throw new IllegalArgumentException(
          "atende.whatsapp.media-store must be 'directory' (a directory every node shares) or 'database', was '" + kind + "'");
    };
  }
}
