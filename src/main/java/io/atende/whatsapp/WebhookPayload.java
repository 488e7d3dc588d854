package io.atende.whatsapp;

import java.util.List;

/**
 * Typed records of a Cloud API webhook notification, as Meta documents them. Field names are the
 * snake_case JSON names mapped by {@link GraphJson}; unknown fields are ignored so that additions on
 * Meta's side do not break parsing.
 */
public final class WebhookPayload {

  private WebhookPayload() {}

  public record Notification(String object, List<Entry> entry) {
    public List<Entry> entries() {
      return entry == null ? List.of() : entry;
    }
  }

  public record Entry(String id, Long time, List<Change> changes) {
    public List<Change> changeList() {
      return changes == null ? List.of() : changes;
    }
  }

  public record Change(String field, ChangeValue value) {}

  /**
   * The {@code value} of a change. A {@code messages} change has the first six fields; a
   * {@code message_template_status_update} has {@code event}, the template's id, name, language and category, a
   * {@code reason} and the optional {@code disable_info}, {@code other_info} and {@code rejection_info}; a
   * {@code message_template_quality_update} has the previous and new quality scores and the template's id, name and
   * language; a {@code template_category_update} the new (and previous) category. Meta sends the template id as a
   * number.
   */
  public record ChangeValue(
      String messagingProduct,
      Metadata metadata,
      List<Contact> contacts,
      List<Message> messages,
      List<Status> statuses,
      List<GraphError> errors,
      String event,
      String messageTemplateId,
      String messageTemplateName,
      String messageTemplateLanguage,
      String messageTemplateCategory,
      String reason,
      String previousQualityScore,
      String newQualityScore,
      String previousCategory,
      String newCategory,
      DisableInfo disableInfo,
      OtherInfo otherInfo,
      RejectionInfo rejectionInfo) {}

  public record DisableInfo(Long disableDate) {}

  public record OtherInfo(String title, String description) {}

  public record RejectionInfo(String reason, String recommendation) {}

  public record Metadata(String displayPhoneNumber, String phoneNumberId) {}

  /**
   * The customer. Since 2026 {@code userId} (the business-scoped user id, BSUID) is always there and {@code waId}
   * is left out for a customer who took a WhatsApp username and hides the phone number.
   */
  public record Contact(Profile profile, String waId, String userId, String parentUserId) {}

  public record Profile(String name, String username) {}

  /** {@code from} is the customer's phone number; it is left out (only {@code fromUserId} comes) for a username customer. */
  public record Message(
      String from,
      String fromUserId,
      String id,
      String timestamp,
      String type,
      Context context,
      Text text,
      Media image,
      Media audio,
      Media video,
      Media document,
      Media sticker,
      Location location,
      List<ContactCard> contacts,
      Interactive interactive,
      Button button,
      Reaction reaction,
      Order order,
      SystemChange system,
      Revoke revoke,
      Referral referral,
      List<GraphError> errors) {

    /**
     * The sender's business-scoped user id: {@code from_user_id}, else the one of the sender's contact entry.
     * A system message telling of a new identity comes from the old one, the identity the customer is known by.
     */
    public String senderUserId(Contact contact) {
      if (system != null && system.previousUserId() != null) {
        return system.previousUserId();
      }
      return fromUserId != null ? fromUserId : contact == null ? null : contact.userId();
    }
  }

  public record Context(
      String from, String id, Boolean forwarded, Boolean frequentlyForwarded, ReferredProduct referredProduct) {}

  public record ReferredProduct(String catalogId, String productRetailerId) {}

  public record Text(String body) {}

  public record Media(
      String id,
      String mimeType,
      String sha256,
      String caption,
      String filename,
      Boolean voice,
      Boolean animated,
      String url) {}

  public record Location(Double latitude, Double longitude, String name, String address, String url) {}

  public record ContactCard(ContactName name, List<ContactPhone> phones, List<ContactEmail> emails, ContactOrg org) {}

  public record ContactName(String formattedName, String firstName, String lastName) {}

  public record ContactPhone(String phone, String waId, String type) {}

  public record ContactEmail(String email, String type) {}

  public record ContactOrg(String company, String department, String title) {}

  public record Interactive(String type, Reply buttonReply, Reply listReply, FlowReply nfmReply) {}

  public record Reply(String id, String title, String description) {}

  public record FlowReply(String responseJson, String body, String name) {}

  public record Button(String payload, String text) {}

  public record Reaction(String messageId, String emoji) {}

  public record Order(String catalogId, String text, List<ProductItem> productItems) {}

  public record ProductItem(String productRetailerId, Integer quantity, Double itemPrice, String currency) {}

  /**
   * A change of the customer's identity: {@code user_changed_number} (new number in {@code waId}) or
   * {@code user_changed_user_id} (new business-scoped user id only); both carry the new and previous BSUIDs.
   */
  public record SystemChange(
      String body, String type, String waId, String userId, String parentUserId, String previousUserId, String previousParentUserId) {}

  public record Revoke(String originalMessageId) {}

  public record Referral(
      String sourceUrl,
      String sourceId,
      String sourceType,
      String headline,
      String body,
      String mediaType,
      String imageUrl,
      String videoUrl,
      String thumbnailUrl,
      String ctwaClid) {}

  public record Status(
      String id,
      String status,
      String timestamp,
      String recipientId,
      String recipientUserId,
      String bizOpaqueCallbackData,
      Conversation conversation,
      Pricing pricing,
      List<GraphError> errors) {}

  public record Conversation(String id, String expirationTimestamp, Origin origin) {}

  public record Origin(String type) {}

  public record Pricing(Boolean billable, String pricingModel, String category, String type) {}

  public record GraphError(Integer code, String title, String message, ErrorData errorData, String href) {
    public String details() {
      return errorData == null ? null : errorData.details();
    }
  }

  public record ErrorData(String details) {}
}
