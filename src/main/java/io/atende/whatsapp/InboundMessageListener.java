package io.atende.whatsapp;

/** Receives each customer message once, in the order the customer sent them, inside the processing transaction. */
public interface InboundMessageListener {

  void onMessage(InboundMessage message);
}
