package io.atende.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a chat message shows, in either direction: the {@code type} as the Cloud API names it and
 * the parts the chat page renders. Only the parts of that type are set.
 *
 * @param type Cloud API message type ({@code text}, {@code image}, {@code template}, ...)
 * @param text text, caption, filled-in template body, or reaction emoji
 * @param attachment media, for image, audio, video, document and sticker messages
 * @param location a shared place
 * @param choices buttons or list rows the customer can pick from
 * @param templateName the template an outbound template message used
 * @param replyTo the wamid this message replies or reacts to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Content(
    String type,
    String text,
    Attachment attachment,
    Place location,
    Choices choices,
    String templateName,
    String replyTo) {

  static Content text(String type, String text, String replyTo) {
    return new Content(type, text, null, null, null, null, replyTo);
  }

  /** A media file: an uploaded one ({@code mediaId}) or a hosted one ({@code link}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Attachment(String mediaId, String link, String mimeType, String filename) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Place(double latitude, double longitude, String name, String address) {}

  /**
   * Options offered to the customer.
   *
   * @param kind {@code button} (interactive reply buttons), {@code list} (interactive list) or
   *     {@code quick_reply} (template quick-reply buttons)
   * @param label the list's menu button label
   * @param options the options in order
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Choices(String kind, String label, List<Choice> options) {}

  /** One option; {@code id} is the reply id (or the quick-reply payload). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Choice(String id, String title, String description) {}
}
