package io.atende.platform;

import io.atende.whatsapp.WebhookSignature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** Builds signed WhatsApp webhook notifications, as Meta sends them, for tests. */
public final class WebhookRequests {

  public static final String PHONE_NUMBER_ID = "106540352242922";

  private WebhookRequests() {}

  public static String textMessage(String waId, String messageId, String text) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
          "messaging_product":"whatsapp",
          "metadata":{"display_phone_number":"5511940000000","phone_number_id":"%s"},
          "contacts":[{"profile":{"name":"Maria"},"wa_id":"%s"}],
          "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}
        """.formatted(PHONE_NUMBER_ID, waId, waId, messageId, System.currentTimeMillis() / 1000, text);
  }

  public static HttpRequest signedPost(String baseUrl, String body, String appSecret) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/whatsapp"))
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(raw, appSecret))
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw))
        .build();
  }
}
