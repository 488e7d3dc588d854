package io.atende.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atende.whatsapp.WhatsAppProperties.BusinessNumber;
import java.util.List;

/**
 * What the simulator writes, shaped like Meta's own JSON (field order follows Meta's payloads).
 * Serialized with {@link MetaJson}: snake_case, nulls omitted.
 */
final class Wire {

  private Wire() {}

  // ---- Webhook notifications ----

  record Notification(String object, List<Entry> entry) {
    static Notification of(String wabaId, Value value) {
      return new Notification("whatsapp_business_account",
          List.of(new Entry(wabaId, List.of(new Change(value, "messages")))));
    }
  }

  record Entry(String id, List<Change> changes) {}

  record Change(Value value, String field) {}

  record Value(
      String messagingProduct,
      Metadata metadata,
      List<Contact> contacts,
      List<InboundMessage> messages,
      List<Status> statuses) {

    static Value ofMessage(Metadata metadata, Contact contact, InboundMessage message) {
      return new Value("whatsapp", metadata, List.of(contact), List.of(message), null);
    }

    /** System messages come without a contacts block. */
    static Value ofSystemMessage(Metadata metadata, InboundMessage message) {
      return new Value("whatsapp", metadata, null, List.of(message), null);
    }

    static Value ofStatus(Metadata metadata, Status status) {
      return new Value("whatsapp", metadata, null, null, List.of(status));
    }
  }

  record Metadata(String displayPhoneNumber, String phoneNumberId) {

    static Metadata of(BusinessNumber number) {
      return new Metadata(number.displayPhoneNumber(), number.phoneNumberId());
    }
  }

  /** {@code waId} only when the phone number is available; {@code userId} (the BSUID) always. */
  record Contact(Profile profile, String waId, String userId) {}

  /** {@code username} only for a customer who has one. */
  record Profile(String name, String username) {}

  /** {@code from} (the phone number) only when it is available; {@code fromUserId} (the BSUID) always. */
  record InboundMessage(
      Context context,
      String from,
      String fromUserId,
      String id,
      String timestamp,
      Text text,
      InboundMedia image,
      InboundMedia audio,
      InboundMedia video,
      InboundMedia document,
      InboundMedia sticker,
      Location location,
      Interactive interactive,
      Button button,
      Reaction reaction,
      SystemChange system,
      String type) {}

  /** A change of the customer's identity, e.g. {@code user_changed_number} with the new number and BSUIDs. */
  record SystemChange(String body, String waId, String type, String userId, String previousUserId) {}

  record Context(String from, String id) {}

  record Text(String body) {}

  record InboundMedia(String caption, String filename, String mimeType, String sha256, String id, Boolean voice) {}

  record Location(Double latitude, Double longitude, String name, String address) {}

  record Interactive(String type, Reply buttonReply, Reply listReply) {}

  record Reply(String id, String title, String description) {}

  record Button(String payload, String text) {}

  record Reaction(String messageId, String emoji) {}

  /** {@code recipientId} only when the message was sent to a phone number; {@code recipientUserId} always. */
  record Status(
      String id,
      String status,
      String timestamp,
      String recipientId,
      String recipientUserId,
      String bizOpaqueCallbackData,
      Pricing pricing,
      List<ErrorEntry> errors) {}

  record Pricing(boolean billable, String pricingModel, String category, String type) {}

  record ErrorEntry(int code, String title, String message, ErrorDetails errorData, String href) {}

  record ErrorDetails(String details) {}

  // ---- Graph API responses ----

  record SendResponse(String messagingProduct, List<SendContact> contacts, List<SendMessage> messages) {}

  /** {@code waId} for a send to a phone number, {@code userId} for a send to a BSUID. */
  record SendContact(String input, String waId, String userId) {}

  record SendMessage(String id, String messageStatus) {}

  record Success(boolean success) {}

  record MediaId(String id) {}

  record MediaInfo(String messagingProduct, String url, String mimeType, String sha256, long fileSize, String id) {}

  record PhoneNumberNode(
      String verifiedName, String codeVerificationStatus, String displayPhoneNumber, String qualityRating,
      String platformType, Throughput throughput, String id) {}

  record Throughput(String level) {}

  record TemplatePage(List<TemplateNode> data, Paging paging) {}

  record TemplateNode(
      String name, String parameterFormat, List<TemplateComponent> components, String language, String status,
      String category, String id) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record TemplateComponent(String type, String format, String text, TemplateExample example, List<TemplateButton> buttons) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record TemplateExample(List<String> headerText, List<List<String>> bodyText) {}

  record TemplateButton(String type, String text) {}

  record Paging(Cursors cursors, String next, String previous) {}

  record Cursors(String before, String after) {}

  record ErrorResponse(GraphError error) {}

  record GraphError(
      String message, String type, int code, ErrorData errorData, Integer errorSubcode, String fbtraceId) {}

  record ErrorData(String messagingProduct, String details) {}
}
