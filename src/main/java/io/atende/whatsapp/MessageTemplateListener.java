package io.atende.whatsapp;

/** Receives the changes Meta announces about the account's message templates, inside the processing transaction. */
public interface MessageTemplateListener {

  void onTemplateUpdate(MessageTemplateUpdate update);
}
