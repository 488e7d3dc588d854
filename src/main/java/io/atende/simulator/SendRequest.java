package io.atende.simulator;

import java.util.List;

/**
 * The body of {@code POST /{version}/{phoneNumberId}/messages} as the Cloud API reads it (snake_case
 * JSON, unknown fields ignored). Every field may be absent; {@link SendValidator} says what is wrong.
 */
record SendRequest(
    String messagingProduct,
    String recipientType,
    String to,
    String recipient,
    String type,
    String status,
    String messageId,
    TypingIndicator typingIndicator,
    Context context,
    String bizOpaqueCallbackData,
    Text text,
    Template template,
    Media image,
    Media audio,
    Media video,
    Media document,
    Media sticker,
    Location location,
    Interactive interactive,
    Reaction reaction,
    List<ContactCard> contacts) {

  record TypingIndicator(String type) {}

  record Context(String messageId) {}

  record Text(String body, Boolean previewUrl) {}

  record Template(String name, Language language, List<Component> components) {}

  record Language(String code, String policy) {}

  record Component(String type, String subType, String index, List<Parameter> parameters) {}

  record Parameter(
      String type,
      String text,
      String payload,
      String parameterName,
      Currency currency,
      DateTime dateTime,
      Media image,
      Media video,
      Media document,
      Location location) {}

  record Currency(String fallbackValue, String code, @com.fasterxml.jackson.annotation.JsonProperty("amount_1000") Long amount1000) {}

  record DateTime(String fallbackValue) {}

  record Media(String id, String link, String caption, String filename) {}

  record Location(Double latitude, Double longitude, String name, String address) {}

  record Interactive(String type, Header header, Body body, Body footer, Action action) {}

  record Header(String type, String text) {}

  record Body(String text) {}

  record Action(String button, List<Button> buttons, List<Section> sections, String name) {}

  record Button(String type, Reply reply) {}

  record Reply(String id, String title) {}

  record Section(String title, List<Row> rows) {}

  record Row(String id, String title, String description) {}

  record Reaction(String messageId, String emoji) {}

  record ContactCard(ContactName name, List<ContactPhone> phones) {}

  record ContactName(String formattedName, String firstName) {}

  record ContactPhone(String phone, String waId, String type) {}
}
