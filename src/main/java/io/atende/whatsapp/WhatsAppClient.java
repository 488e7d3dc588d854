package io.atende.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The Cloud API's outbound side: sends messages, marks messages read, reads, downloads and uploads
 * media. Every call goes through the Camel routes of {@code routes/whatsapp-outbound.yaml}:
 * {@code direct:whatsapp-send} for the messages endpoint (at most each business number's
 * {@code messages-per-second} for the whole cluster, see {@link SendRateLimiter}) and {@code direct:whatsapp-graph} for media. Both retry transient
 * failures with exponential backoff; what still fails comes back as a {@link GraphApiException}.
 *
 * <p>The calls block until the API answered (including retries), so callers are background threads
 * (Camunda jobs, listeners), never a webhook request.
 */
@Component
public class WhatsAppClient {

  static final String SEND_ROUTE = "direct:whatsapp-send";
  static final String GRAPH_ROUTE = "direct:whatsapp-graph";
  /** Throttle key: the business number a message goes out from. */
  static final String PHONE_NUMBER_ID_HEADER = "AtendePhoneNumberId";
  static final int DEFAULT_MESSAGES_PER_SECOND = 80;

  private static final Logger log = LoggerFactory.getLogger(WhatsAppClient.class);
  private static final Pattern GRAPH_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final String JSON = "application/json; charset=UTF-8";

  private final ProducerTemplate template;
  private final WhatsAppProperties properties;

  private final Environment environment;

  WhatsAppClient(ProducerTemplate template, WhatsAppProperties properties, Environment environment) {
    this.template = template;
    this.properties = properties;
    this.environment = environment;
  }

  /** Sends a message from the business number {@code phoneNumberId}; returns once Meta accepted it. */
  public SendResult send(String phoneNumberId, OutboundMessage message) {
    return send(phoneNumberId, message, SendPriority.REPLY);
  }

  /**
   * As {@link #send(String, OutboundMessage)}, taking the number's rate with the given priority: batches send
   * {@link SendPriority#BULK} and leave the replies' turn alone.
   */
  public SendResult send(String phoneNumberId, OutboundMessage message, SendPriority priority) {
    byte[] answer = call(SEND_ROUTE, HttpMethods.POST, messagesUrl(phoneNumberId), phoneNumberId, priority,
        json(GraphApi.SendRequest.of(message)), JSON);
    GraphApi.SendResponse response = read(answer, GraphApi.SendResponse.class);
    if (response == null || response.messages() == null || response.messages().isEmpty() || response.messages().get(0).id() == null) {
      // accepted or not, we cannot tell: do not let anyone send it again blindly
      throw new GraphApiException(200, null, "Send answered without a message id", null, null, false, null);
    }
    GraphApi.MessageRef sent = response.messages().get(0);
    GraphApi.ContactRef contact = response.contacts() == null || response.contacts().isEmpty() ? null : response.contacts().get(0);
    return new SendResult(sent.id(), contact == null ? null : contact.input(), contact == null ? null : contact.waId(), sent.messageStatus());
  }

  /** Marks an inbound message (and the ones before it) read: the customer sees blue ticks. */
  public void markAsRead(String phoneNumberId, String waMessageId) {
    if (waMessageId == null || waMessageId.isBlank()) {
      throw new IllegalArgumentException("The WhatsApp id of the message to mark read is missing");
    }
    byte[] answer = call(SEND_ROUTE, HttpMethods.POST, messagesUrl(phoneNumberId), phoneNumberId, SendPriority.REPLY,
        json(GraphApi.ReadRequest.of(waMessageId)), JSON);
    GraphApi.SuccessResponse response = read(answer, GraphApi.SuccessResponse.class);
    if (response == null || !Boolean.TRUE.equals(response.success())) {
      throw new GraphApiException(200, null, "Mark as read was not confirmed", null, null, false, null);
    }
  }

  /** Where to download a media file (the URL lives about five minutes), its type, hash and size. */
  public MediaInfo mediaInfo(String mediaId) {
    byte[] answer = call(GRAPH_ROUTE, HttpMethods.GET, versionUrl() + "/" + graphId(mediaId, "media id"), null, null, null);
    MediaInfo info = read(answer, MediaInfo.class);
    if (info == null || info.url() == null) {
      throw new GraphApiException(200, null, "Media info without a download URL", null, null, false, null);
    }
    return info;
  }

  /** Downloads a media file from the URL {@link #mediaInfo} gave; the URL needs the Bearer token too. */
  public byte[] downloadMedia(String url) {
    if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
      throw new IllegalArgumentException("A media download URL must be an http(s) URL");
    }
    byte[] content = call(GRAPH_ROUTE, HttpMethods.GET, url, null, null, null);
    return content == null ? new byte[0] : content;
  }

  /**
   * Uploads a file for sending (kept by Meta for 30 days) after checking it against
   * {@link MediaRules}; returns the media id to send it by.
   */
  public String uploadMedia(String phoneNumberId, byte[] content, String mimeType, String filename) {
    MediaRules.check(MediaRules.typeOf(mimeType), mimeType, content);
    HttpEntity multipart = MultipartEntityBuilder.create()
        .setMode(HttpMultipartMode.EXTENDED)
        .setCharset(StandardCharsets.UTF_8)
        .addTextBody("messaging_product", GraphApi.MESSAGING_PRODUCT)
        .addTextBody("type", mimeType)
        .addBinaryBody("file", content, ContentType.create(mimeType), filename == null || filename.isBlank() ? "file" : filename)
        .build();
    String url = versionUrl() + "/" + graphId(phoneNumberId, "phone number id") + "/media";
    GraphApi.UploadResponse response = read(call(GRAPH_ROUTE, HttpMethods.POST, url, null, multipart, null), GraphApi.UploadResponse.class);
    if (response == null || response.id() == null) {
      throw new GraphApiException(200, null, "Upload answered without a media id", null, null, false, null);
    }
    return response.id();
  }

  byte[] call(String route, HttpMethods method, String url, String throttledNumber, Object body, String contentType) {
    return call(route, method, url, throttledNumber, null, body, contentType);
  }

  byte[] call(String route, HttpMethods method, String url, String throttledNumber, SendPriority priority, Object body,
      String contentType) {
    Exchange result = template.send(route, ExchangePattern.InOut, exchange -> {
      Message in = exchange.getIn();
      // the enum itself: as a String, Camel converts it on every call through a slow type-converter lookup
      in.setHeader(Exchange.HTTP_METHOD, method);
      in.setHeader(Exchange.HTTP_URI, url);
      in.setHeader("Authorization", "Bearer " + properties.accessToken());
      if (contentType != null) {
        in.setHeader(Exchange.CONTENT_TYPE, contentType);
      }
      if (throttledNumber != null) {
        in.setHeader(PHONE_NUMBER_ID_HEADER, throttledNumber);
        in.setHeader(SendRateLimiter.PRIORITY_HEADER, priority == null ? SendPriority.REPLY : priority);
      }
      in.setBody(body);
    });
    if (result.getException() != null) {
      GraphApiException failure = GraphErrors.toException(result.getException());
      log.warn("Graph API {} failed: {}", throttledNumber == null ? "call" : "send of number " + throttledNumber,
          failure.getMessage());
      throw failure;
    }
    return result.getMessage().getBody(byte[].class);
  }

  private String messagesUrl(String phoneNumberId) {
    return versionUrl() + "/" + graphId(phoneNumberId, "phone number id") + "/messages";
  }

  String versionUrl() {
    String base = properties.apiBaseUrl();
    if (base == null || base.isBlank()) {
      base = bundledSimulator();
    }
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + properties.apiVersion();
  }

  /** No base URL configured: the bundled simulator on this server's actual port (also with random ports). */
  private String bundledSimulator() {
    String port = environment.getProperty("local.server.port");
    if (!environment.getProperty("atende.simulator.enabled", Boolean.class, true) || port == null) {
      throw new IllegalStateException("atende.whatsapp.api-base-url is not set (e.g. https://graph.facebook.com)");
    }
    return "http://localhost:" + port + "/simulator/graph";
  }

  static String graphId(String id, String what) {
    if (id == null || !GRAPH_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("Invalid " + what + ": '" + id + "'");
    }
    return id;
  }

  static String json(Object body) {
    try {
      return GraphJson.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write Graph request body", e);
    }
  }

  static <T> T read(byte[] answer, Class<T> type) {
    if (answer == null || answer.length == 0) {
      return null;
    }
    try {
      return GraphJson.readerFor(type).readValue(answer);
    } catch (java.io.IOException e) {
      throw new GraphApiException(200, null, "Unreadable Graph API answer (" + type.getSimpleName() + " expected)", null, null, false, e);
    }
  }
}
