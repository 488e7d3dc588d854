package io.atende.whatsapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Posts webhook notifications to a running service the way Meta does: raw bytes, signed with the app secret. */
public final class SignedWebhook {

  public static final String APP_SECRET = "simulator-app-secret";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String url;

  public SignedWebhook(int port) {
    this.url = "http://localhost:" + port + "/webhooks/whatsapp";
  }

  public HttpResponse<String> post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8), WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), APP_SECRET));
  }

  public HttpResponse<String> post(byte[] body, String signature) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header(WebhookSignature.HEADER, signature);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String query) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url + "?" + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A fixture from src/test/resources/whatsapp. */
  public static String fixture(String name) {
    try (InputStream in = SignedWebhook.class.getResourceAsStream("/whatsapp/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A one-message text notification from a customer, shaped like Meta's. */
  public static String text(String waId, String name, String messageId, String body, long epochSeconds) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511940000000","phone_number_id":"106540352242922"},
        "contacts":[{"profile":{"name":"%s"},"wa_id":"%s"}],
        "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}"""
        .formatted(name, waId, waId, messageId, epochSeconds, body);
  }
}
