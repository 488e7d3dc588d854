package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atende.whatsapp.OutboundMessage.Media;
import io.atende.whatsapp.OutboundMessage.Text;
import org.junit.jupiter.api.Test;

class MediaRulesTest {

  private static final long MB = 1024 * 1024;

  @Test
  void acceptedTypesWithinTheirLimitsPass() {
    assertThatCode(() -> {
      MediaRules.check(MessageType.IMAGE, "image/jpeg", 5 * MB, false);
      MediaRules.check(MessageType.IMAGE, "image/png", 1, false);
      MediaRules.check(MessageType.AUDIO, "audio/ogg; codecs=opus", 16 * MB, false);
      MediaRules.check(MessageType.AUDIO, "audio/mpeg", 3 * MB, false);
      MediaRules.check(MessageType.VIDEO, "video/3gpp", 16 * MB, false);
      MediaRules.check(MessageType.DOCUMENT, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 100 * MB, false);
      MediaRules.check(MessageType.DOCUMENT, "application/msword", 10, false);
      MediaRules.check(MessageType.STICKER, "image/webp", 100 * 1024, false);
    }).doesNotThrowAnyException();
  }

  @Test
  void wrongTypeIsRefusedNamingWhatIsAllowed() {
    assertThatThrownBy(() -> MediaRules.check(MessageType.IMAGE, "image/gif", 1000, false))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessage("An image must be JPEG or PNG (image/jpeg, image/png); got 'image/gif'");
    assertThatThrownBy(() -> MediaRules.check(MessageType.VIDEO, "video/quicktime", 1000, false))
        .hasMessageContaining("MP4 or 3GP").hasMessageContaining("video/quicktime");
    assertThatThrownBy(() -> MediaRules.check(MessageType.DOCUMENT, "application/zip", 1000, false))
        .hasMessageContaining("TXT, PDF, DOC, DOCX, XLS, XLSX, PPT or PPTX");
    assertThatThrownBy(() -> MediaRules.check(MessageType.TEXT, "text/plain", 10, false))
        .hasMessageContaining("'text' is not a media type");
  }

  @Test
  void unknownMimeTypeCannotBeUploadedAtAll() {
    assertThatThrownBy(() -> MediaRules.typeOf("application/x-msdownload"))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessageContaining("does not accept files of type 'application/x-msdownload'")
        .hasMessageContaining("image (JPEG or PNG)").hasMessageContaining("sticker (WEBP)");
    assertThat(MediaRules.typeOf("image/webp")).isEqualTo(MessageType.STICKER);
    assertThat(MediaRules.typeOf("Audio/MP4")).isEqualTo(MessageType.AUDIO);
    assertThat(MediaRules.typeOf("video/mp4")).isEqualTo(MessageType.VIDEO);
  }

  @Test
  void oversizedFilesAreRefusedWithTheirLimit() {
    assertThatThrownBy(() -> MediaRules.check(MessageType.IMAGE, "image/jpeg", 5 * MB + 1, false))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessage("The file has 5.0 MB; an image may have at most 5 MB");
    assertThatThrownBy(() -> MediaRules.check(MessageType.AUDIO, "audio/aac", 17 * MB, false))
        .hasMessage("The file has 17 MB; an audio may have at most 16 MB");
    assertThatThrownBy(() -> MediaRules.check(MessageType.DOCUMENT, "application/pdf", 101 * MB, false))
        .hasMessage("The file has 101 MB; a document may have at most 100 MB");
    assertThatThrownBy(() -> MediaRules.check(MessageType.IMAGE, "image/png", new byte[0]))
        .hasMessage("The image file is empty");
  }

  @Test
  void stickerLimitDependsOnAnimation() {
    byte[] animated = webp(150 * 1024, true);
    byte[] still = webp(150 * 1024, false);
    assertThatCode(() -> MediaRules.check(MessageType.STICKER, "image/webp", animated)).doesNotThrowAnyException();
    assertThatThrownBy(() -> MediaRules.check(MessageType.STICKER, "image/webp", still))
        .hasMessage("The file has 150 KB; a static sticker may have at most 100 KB");
    assertThatThrownBy(() -> MediaRules.check(MessageType.STICKER, "image/webp", webp(501 * 1024, true)))
        .hasMessage("The file has 501 KB; an animated sticker may have at most 500 KB");
  }

  @Test
  void captionsOnlyWhereAllowedAndUpTo1024Characters() {
    assertThatCode(() -> Media.byId(MessageType.VIDEO, "1").withCaption("x".repeat(1024))).doesNotThrowAnyException();
    assertThatThrownBy(() -> Media.byId(MessageType.IMAGE, "1").withCaption("x".repeat(1025)))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessage("The caption has 1025 characters; at most 1024 are allowed");
    assertThatThrownBy(() -> Media.byId(MessageType.AUDIO, "1").withCaption("ouça"))
        .hasMessage("An audio cannot have a caption; only image, video and document can");
    assertThatThrownBy(() -> Media.byId(MessageType.IMAGE, "1").withFilename("a.jpg"))
        .hasMessage("Only a document has a file name; got one for an image");
    assertThatThrownBy(() -> new Media(MessageType.IMAGE, "1", "https://x/y.jpg", null, null))
        .hasMessageContaining("either by media id (uploaded) or by link, not both or neither");
    assertThatThrownBy(() -> Media.byLink(MessageType.DOCUMENT, "ftp://files/x.pdf"))
        .hasMessage("The document link must be an http(s) URL");
  }

  @Test
  void textsUpTo4096Characters() {
    assertThatCode(() -> Text.of("x".repeat(4096))).doesNotThrowAnyException();
    assertThatThrownBy(() -> Text.of("x".repeat(4097)))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessage("The text has 4097 characters; at most 4096 are allowed");
    assertThatThrownBy(() -> Text.of("  ")).hasMessage("The text is empty");
  }

  /** A WebP file of {@code size} bytes with an extended header, animated or not. */
  private static byte[] webp(int size, boolean animated) {
    byte[] b = new byte[size];
    System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
    System.arraycopy("WEBPVP8X".getBytes(), 0, b, 8, 8);
    b[20] = (byte) (animated ? 0x02 : 0x00);
    return b;
  }
}
