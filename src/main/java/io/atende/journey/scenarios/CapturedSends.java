package io.atende.journey.scenarios;

import io.atende.conversation.MessageSender;
import io.atende.whatsapp.DeliveryStatus;
import io.atende.whatsapp.OutboundMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's WhatsApp: every send is kept in order instead of leaving, and a repeated send key is sent once, as the
 * real sender does. A template is kept as {@code [template name] var1 | var2}, as the message log shows it.
 */
final class CapturedSends implements MessageSender {

  private final List<String> sent = new ArrayList<>();
  private final Set<String> keys = new HashSet<>();
  private final AtomicLong ids = new AtomicLong();

  synchronized List<String> sent() {
    return List.copyOf(sent);
  }

  private synchronized SentMessage keep(String sendKey, String text) {
    if (keys.add(sendKey)) {
      sent.add(text);
    }
    long id = ids.incrementAndGet();
    return new SentMessage(id, "wamid.scenario." + id, DeliveryStatus.SENT);
  }

  @Override
  public SentMessage sendText(long conversationId, String sendKey, String sender, String text) {
    return keep(sendKey, text);
  }

  @Override
  public SentMessage sendTemplate(long conversationId, String sendKey, String sender, TemplateRequest template) {
    return keep(sendKey, "[template " + template.name() + "]"
        + (template.bodyParameters().isEmpty() ? "" : " " + String.join(" | ", template.bodyParameters())));
  }

  @Override
  public SentMessage sendTemplate(long conversationId, String sendKey, String sender, PreparedTemplate template) {
    return keep(sendKey, template.text());
  }

  @Override
  public SentMessage sendMedia(long conversationId, String sendKey, String sender, MediaRequest media) {
    return keep(sendKey, "[" + media.type().name().toLowerCase() + "]" + (media.caption() == null ? "" : " " + media.caption()));
  }

  @Override
  public SentMessage sendInteractive(long conversationId, String sendKey, String sender, OutboundMessage.Interactive interactive) {
    return keep(sendKey, interactive.body().text());
  }

  @Override
  public void markRead(long inboundMessageId) {
    // nothing to mark in the sandbox
  }
}
