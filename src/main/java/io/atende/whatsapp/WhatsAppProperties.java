package io.atende.whatsapp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's contract for the WhatsApp Cloud API channel ({@code atende.whatsapp.*}).
 *
 * @param apiBaseUrl Graph API root, e.g. {@code https://graph.facebook.com}; defaults to the bundled simulator
 * @param apiVersion Graph API version path segment, e.g. {@code v24.0}
 * @param accessToken Bearer token (system user token) for the Graph API
 * @param appSecret the Meta app secret that signs webhook notifications
 * @param verifyToken the token Meta echoes in the webhook verification handshake
 * @param numbers the business phone numbers this service answers on
 * @param sendRetries in-route redeliveries of a send on transient errors (5xx, timeouts, 130429)
 * @param sendRetryDelay first redelivery delay; doubles on each attempt
 * @param mediaDirectory where inbound media files are kept
 * @param inboundLanes parallel lanes for inbound processing (one customer always maps to one lane)
 * @param sendRateWindow the window in which a number sends at most its {@code messages-per-second} (its sends are
 *     spaced window ÷ messages-per-second apart, see {@link SendRateLimiter}): a little over one second, so that
 *     delays on the way to Meta do not put one message too many into one of Meta's seconds
 * @param inboundRetention how long handled inbound events and raw webhook notifications are kept (failed ones stay)
 * @param businessAccountId the WhatsApp Business Account (WABA) whose message templates the service manages
 * @param graphRoundTrip the Graph API round trip the send pools are sized for (Meta from Brazil: 100–300 ms): the job
 *     executor's threads, the connection pools and the batches' sends in flight follow the numbers'
 *     {@code messages-per-second} × this (see {@code io.atende.platform.SendPoolSizing})
 */
@ConfigurationProperties("atende.whatsapp")
public record WhatsAppProperties(
    String apiBaseUrl,
    @DefaultValue("v24.0") String apiVersion,
    String accessToken,
    String appSecret,
    String verifyToken,
    @DefaultValue List<BusinessNumber> numbers,
    @DefaultValue("4") int sendRetries,
    @DefaultValue("500ms") Duration sendRetryDelay,
    @DefaultValue("./data/media") String mediaDirectory,
    @DefaultValue("4") int inboundLanes,
    @DefaultValue("1020ms") Duration sendRateWindow,
    @DefaultValue("30d") Duration inboundRetention,
    @DefaultValue("102290129340398") String businessAccountId,
    @DefaultValue("200ms") Duration graphRoundTrip) {

  /**
   * A business phone number registered on the Cloud API.
   *
   * @param phoneNumberId the Graph id used in API paths
   * @param displayPhoneNumber the number customers see
   * @param messagesPerSecond throughput limit Meta grants the number (80 by default, up to 1,000)
   * @param journey the key of the process (in {@code processes/}) a customer who writes to this number with nothing
   *     going on starts: {@code conversation} by default; a number may run another journey without Java
   */
  public record BusinessNumber(
      String phoneNumberId,
      String displayPhoneNumber,
      @DefaultValue("80") int messagesPerSecond,
      @DefaultValue("conversation") String journey) {}

  public Optional<BusinessNumber> number(String phoneNumberId) {
    return numbers.stream().filter(n -> n.phoneNumberId().equals(phoneNumberId)).findFirst();
  }

  /** The number used when nothing says which (the first configured one). */
  public BusinessNumber defaultNumber() {
    if (numbers.isEmpty()) {
      throw new IllegalStateException("No WhatsApp number configured (atende.whatsapp.numbers[0].phone-number-id)");
    }
    return numbers.get(0);
  }
}
