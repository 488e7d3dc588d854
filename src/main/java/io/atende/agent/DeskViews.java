package io.atende.agent;

import io.atende.conversation.MessageLog;
import java.time.Instant;
import java.util.List;

/** What the desk API returns: typed JSON for the agent's screen. */
final class DeskViews {

  private DeskViews() {}

  record Desk(
      String taskId,
      String taskName,
      long conversationId,
      String protocol,
      String queue,
      String queueName,
      String assignee,
      CustomerView customer,
      NumberView number,
      Window window,
      String conversationNotes,
      List<MessageView> messages) {}

  /**
   * {@code phone} and {@code document} as stored (digits), the {@code *Formatted} ones as the desk shows them;
   * {@code phone} is null for a customer who hides the number behind a WhatsApp {@code username}.
   */
  record CustomerView(long id, String profileName, String fullName, String phone, String phoneFormatted, String document,
      String documentFormatted, String email, String username) {}

  record NumberView(String phoneNumberId, String displayPhoneNumber, String displayPhoneNumberFormatted) {}

  /** The customer's 24-hour window: when closed, free-form replies are blocked and the way out is a template. */
  record Window(boolean open, Instant closesAt, String blockedReason) {}

  record MediaView(String url, String mimeType, String filename) {}

  record MessageView(
      long id, String direction, String sender, String type, String text, MediaView media, String status,
      Integer errorCode, String error, Instant at) {

    static MessageView of(MessageLog.Entry e) {
      MediaView media = e.mediaId() == null && e.mediaPath() == null ? null
          : new MediaView("/api/desk/messages/" + e.id() + "/media", e.mediaMimeType(), e.mediaFilename());
      return new MessageView(e.id(), e.direction().name(), e.sender(), e.type().name(), e.body(), media,
          e.status() == null ? null : e.status().name(), e.errorCode(),
          e.errorTitle() == null ? e.errorDetails() : e.errorTitle() + (e.errorDetails() == null ? "" : ": " + e.errorDetails()),
          e.sentAt());
    }
  }

  record ReplyRequest(String text) {}

  /** An approved template for the conversation: variables in the template's order, or by name. */
  record TemplateRequest(String name, String language, java.util.List<String> variables,
      java.util.Map<String, String> namedVariables) {}

  record TransferRequest(String toQueue, String toAgent, String note) {}

  record CustomerForm(String fullName, String document, String email, String notes) {}
}
