package io.atende.conversation;

import io.atende.platform.RetryAwareFailure;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.OutboundMessage;
import io.atende.whatsapp.SendPriority;
import java.util.List;

/**
 * Sends messages into a conversation through the WhatsApp channel and records them.
 *
 * <p>Each send has a caller-chosen {@code sendKey} (see {@code SendKeys} for process steps): a
 * repeated call with the same key never sends twice. If the first call got the message accepted,
 * the repeat returns it; if it failed for good, the repeat fails the same way again without calling
 * the API; if it failed transiently (still PENDING), the repeat tries again on the same record.
 *
 * <p>A free-form send (text, media, interactive) outside the customer's 24-hour window is refused
 * before it leaves ({@link OutsideServiceWindowException}) and recorded as FAILED; templates may
 * always be sent. A send the API refuses for good throws {@link io.atende.whatsapp.GraphApiException}
 * (the message is recorded FAILED with the code and reason); a transient failure throws it too with
 * {@code transientError() == true}, and the caller (a Camunda job) retries later with the same key.
 * Bad content (too long, wrong media type) is refused with an {@link IllegalArgumentException} and
 * nothing is recorded.
 *
 * <p>Sends block until the Cloud API answered (with in-route retries, several seconds at worst), so
 * call them from background threads such as asynchronous process steps where possible. The send is
 * recorded in its own transaction: do not send inside a transaction that has just created the
 * conversation or the customer (their rows are not visible to it yet); a process step that sends is
 * {@code asyncBefore}, which also gives it the job's retries.
 */
public interface MessageSender {

  /** A text of up to 4096 characters. */
  SentMessage sendText(long conversationId, String sendKey, String sender, String text);

  /** An approved template with its variables; allowed outside the 24-hour window. */
  SentMessage sendTemplate(long conversationId, String sendKey, String sender, TemplateRequest template);

  /**
   * A template the registry prepared and checked ({@code io.atende.template.TemplateMessages}): the Cloud API content
   * as it leaves, and the text the desk shows (the template filled in).
   */
  SentMessage sendTemplate(long conversationId, String sendKey, String sender, PreparedTemplate template);

  /**
   * As {@link #sendTemplate(long, String, String, PreparedTemplate)}, taking the number's send rate with the given
   * priority: batches send {@link SendPriority#BULK}, at most their share, after the replies.
   */
  default SentMessage sendTemplate(long conversationId, String sendKey, String sender, PreparedTemplate template,
      SendPriority priority) {
    return sendTemplate(conversationId, sendKey, sender, template);
  }

  /**
   * An earlier try with this send key may have reached WhatsApp (its answer was lost: a timeout, a reset, a crash) and
   * no status webhook has told yet: nothing is sent until it does or {@code atende.whatsapp.unconfirmed-send-wait} is
   * over. Try again later with the same key.
   */
  class OutcomeUnknownException extends RuntimeException {
    public OutcomeUnknownException(String sendKey, java.time.Duration wait) {
      super("An earlier try of send '" + sendKey + "' may have reached WhatsApp; waiting up to " + wait.toSeconds()
          + " s for its status before sending again");
    }
  }

  /** A template ready to leave: the Cloud API content, the filled-in text for the history, and Meta's category. */
  record PreparedTemplate(OutboundMessage.Template content, String text, String category) {}

  /** An image, audio, video, document or sticker, by uploaded media id or by link. */
  SentMessage sendMedia(long conversationId, String sendKey, String sender, MediaRequest media);

  /** Reply buttons or a list (see {@link OutboundMessage.Interactive#buttons} and {@link OutboundMessage.Interactive#list}). */
  SentMessage sendInteractive(long conversationId, String sendKey, String sender, OutboundMessage.Interactive interactive);

  /** Marks a customer's message (and the ones before it) read: the customer sees blue ticks. */
  void markRead(long inboundMessageId);

  record SentMessage(long messageId, String waMessageId, DeliveryStatus status) {}

  /**
   * A template send: name, language code (e.g. {@code pt_BR}) and the body variables in order;
   * optionally the header's text variables or media, and button parameters.
   */
  record TemplateRequest(
      String name,
      String languageCode,
      List<String> bodyParameters,
      List<String> headerParameters,
      HeaderMedia headerMedia,
      List<ButtonParameter> buttonParameters) {

    public TemplateRequest {
      bodyParameters = bodyParameters == null ? List.of() : List.copyOf(bodyParameters);
      headerParameters = headerParameters == null ? List.of() : List.copyOf(headerParameters);
      buttonParameters = buttonParameters == null ? List.of() : List.copyOf(buttonParameters);
    }

    public static TemplateRequest of(String name, String languageCode, List<String> bodyParameters) {
      return new TemplateRequest(name, languageCode, bodyParameters, null, null, null);
    }

    public TemplateRequest withHeaderText(List<String> parameters) {
      return new TemplateRequest(name, languageCode, bodyParameters, parameters, headerMedia, buttonParameters);
    }

    public TemplateRequest withHeaderMedia(HeaderMedia media) {
      return new TemplateRequest(name, languageCode, bodyParameters, headerParameters, media, buttonParameters);
    }

    public TemplateRequest withButtons(List<ButtonParameter> buttons) {
      return new TemplateRequest(name, languageCode, bodyParameters, headerParameters, headerMedia, buttons);
    }
  }

  /** A template header's image, video or document, by uploaded media id or by link. */
  record HeaderMedia(MessageType type, String mediaId, String link) {}

  /**
   * A template button's parameter by the button's position: a {@code quick_reply} button's payload
   * (what comes back when the customer taps it) or a {@code url} button's dynamic URL suffix.
   */
  record ButtonParameter(int index, String subType, String value) {}

  /** A media send: the type, the media id (uploaded) or a link, and a caption or file name where allowed. */
  record MediaRequest(MessageType type, String mediaId, String link, String caption, String filename) {

    public static MediaRequest byId(MessageType type, String mediaId) {
      return new MediaRequest(type, mediaId, null, null, null);
    }

    public static MediaRequest byLink(MessageType type, String link) {
      return new MediaRequest(type, null, link, null, null);
    }

    public MediaRequest withCaption(String caption) {
      return new MediaRequest(type, mediaId, link, caption, filename);
    }

    public MediaRequest withFilename(String filename) {
      return new MediaRequest(type, mediaId, link, caption, filename);
    }
  }

  /** The customer's 24-hour window is closed: only an approved template may be sent. */
  class OutsideServiceWindowException extends RuntimeException implements RetryAwareFailure {
    public OutsideServiceWindowException(long conversationId) {
      super("The customer's 24-hour service window is closed for conversation " + conversationId
          + "; only an approved template can reopen it");
    }

    /** Only the customer writing again reopens the window; retrying does not. */
    @Override
    public boolean worthRetrying() {
      return false;
    }
  }
}
