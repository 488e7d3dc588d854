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

  /**
   * A template node as {@code GET /{waba-id}/message_templates} and {@code GET /{template-id}} give it; a field
   * left out of the request's {@code fields} is null and so not written.
   */
  record TemplateNode(
      String name, String parameterFormat, List<TemplateComponent> components, String language, String status,
      String category, QualityScore qualityScore, String rejectedReason, String id) {}

  record QualityScore(String score, Long date) {}

  /**
   * A template component, read from a create or edit request and written in listings, as Meta spells it:
   * {@code HEADER} (with a {@code format}), {@code BODY}, {@code FOOTER} or {@code BUTTONS}.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record TemplateComponent(String type, String format, String text, TemplateExample example, List<TemplateButton> buttons) {}

  /** Sample values Meta's reviewers read: one per variable, positional or named. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record TemplateExample(
      List<String> headerText,
      List<NamedExample> headerTextNamedParams,
      List<List<String>> bodyText,
      List<NamedExample> bodyTextNamedParams,
      List<String> headerHandle) {}

  record NamedExample(String paramName, String example) {}

  /** {@code QUICK_REPLY}, {@code URL} (with an optional {@code {{1}}} suffix and its example) or {@code PHONE_NUMBER}. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record TemplateButton(String type, String text, String url, String phoneNumber, List<String> example) {}

  /** {@code POST /{waba-id}/message_templates} answers the new template's id, its status and its category. */
  record TemplateCreated(String id, String status, String category) {}

  record Paging(Cursors cursors, String next, String previous) {}

  record Cursors(String before, String after) {}

  // ---- Template webhooks (fields message_template_status_update and message_template_quality_update) ----

  /** A WhatsApp Business Account notification about templates: the entry carries the WABA id and the time. */
  record AccountNotification(String object, List<AccountEntry> entry) {
    static AccountNotification of(String wabaId, long time, String field, Object value) {
      return new AccountNotification("whatsapp_business_account",
          List.of(new AccountEntry(wabaId, time, List.of(new AccountChange(value, field)))));
    }
  }

  record AccountEntry(String id, long time, List<AccountChange> changes) {}

  record AccountChange(Object value, String field) {}

  /** {@code message_template_status_update}; the optional blocks come only with the events that have them. */
  record TemplateStatusValue(
      String event,
      long messageTemplateId,
      String messageTemplateName,
      String messageTemplateLanguage,
      String reason,
      String messageTemplateCategory,
      DisableInfo disableInfo,
      OtherInfo otherInfo,
      RejectionInfo rejectionInfo) {}

  record DisableInfo(long disableDate) {}

  record OtherInfo(String title, String description) {}

  record RejectionInfo(String reason, String recommendation) {}

  /** {@code template_category_update}: Meta moved the template to another category. */
  record TemplateCategoryValue(
      long messageTemplateId,
      String messageTemplateName,
      String messageTemplateLanguage,
      String previousCategory,
      String newCategory) {}

  /** {@code message_template_quality_update}. */
  record TemplateQualityValue(
      String previousQualityScore,
      String newQualityScore,
      long messageTemplateId,
      String messageTemplateName,
      String messageTemplateLanguage) {}

  record ErrorResponse(GraphError error) {}

  /** {@code is_transient}, {@code error_user_title} and {@code error_user_msg} come with template management errors. */
  record GraphError(
      String message, String type, int code, ErrorData errorData, Integer errorSubcode, Boolean isTransient,
      String errorUserTitle, String errorUserMsg, String fbtraceId) {}

  record ErrorData(String messagingProduct, String details) {}
}
