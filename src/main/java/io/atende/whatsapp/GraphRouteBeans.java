package io.atende.whatsapp;

import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans {@code routes/whatsapp-outbound.yaml} refers to by name: the transient-error test, the
 * retry log line and the header filter that keeps our routing headers off the wire; and the HTTP
 * client settings.
 */
@Configuration(proxyBeanMethods = false)
class GraphRouteBeans {

  private static final Logger log = LoggerFactory.getLogger(WhatsAppClient.class);

  /**
   * {@code onWhen} of the retry clause: HTTP 5xx/429, I/O errors and the Graph codes of {@link GraphErrors}; for a
   * message send (it carries the number's header), I/O errors only when the request surely never left
   * ({@link GraphErrors#mayResend}): a send whose answer was lost is not repeated blindly.
   */
  @Bean
  Predicate transientGraphError() {
    return exchange -> {
      Throwable failure = exchange.getException() != null
          ? exchange.getException()
          : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
      if (failure == null) {
        return false;
      }
      boolean send = exchange.getIn().getHeader(WhatsAppClient.PHONE_NUMBER_ID_HEADER) != null;
      return send ? GraphErrors.mayResend(failure) : GraphErrors.isTransient(failure);
    };
  }

  /** One line per retry: which number, which attempt, what failed; never the recipient or the content. */
  @Bean
  Processor graphRetryLogger() {
    return exchange -> {
      Throwable failure = exchange.getException() != null
          ? exchange.getException()
          : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
      GraphApiException e = GraphErrors.toException(failure);
      Object number = exchange.getIn().getHeader(WhatsAppClient.PHONE_NUMBER_ID_HEADER);
      log.info("Retrying Graph API {} (attempt {}): {}", number == null ? "media call" : "send of number " + number,
          exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class), e.getMessage());
    };
  }

  /** The default HTTP header filter, plus our own {@code Atende*} routing headers. */
  @Bean
  HeaderFilterStrategy graphHeaderFilter() {
    HttpHeaderFilterStrategy strategy = new HttpHeaderFilterStrategy();
    String[] camel = DefaultHeaderFilterStrategy.CAMEL_FILTER_STARTS_WITH;
    String[] filtered = new String[camel.length + 2];
    System.arraycopy(camel, 0, filtered, 0, camel.length);
    filtered[camel.length] = "Atende";
    filtered[camel.length + 1] = "atende";
    strategy.setOutFilterStartsWith(filtered);
    return strategy;
  }

  /**
   * The HTTP client: no automatic re-execution of its own (it would resend a 503 or 429 outside the
   * throttle and the retry policy, and count against nothing), and timeouts that fail a dead
   * connection in seconds instead of the 3-minute defaults; the retry policy takes it from there.
   */
  @Bean
  ComponentCustomizer graphHttpClient(WhatsAppProperties whatsApp) {
    // runs after the starter's customizer, which applies camel.component.http.* (defaults included)
    return ComponentCustomizer.builder(HttpComponent.class).withOrder(Ordered.LOWEST).build(http -> {
      http.setAutomaticRetriesDisabled(true);
      http.setConnectTimeout(10_000);
      http.setConnectionRequestTimeout(30_000);
      http.setResponseTimeout(60_000);
      http.setSoTimeout(60_000);
      // enough parallel connections for the numbers' throughput (80 to 1,000 messages per second each) at the
      // Graph API round trip, with room for slow answers and the batches' sends
      int perSecond = whatsApp.numbers().stream().mapToInt(WhatsAppProperties.BusinessNumber::messagesPerSecond).sum();
      int connections = (int) Math.max(100, Math.ceil(perSecond * whatsApp.graphRoundTrip().toMillis() * 3.0 / 1000));
      http.setConnectionsPerRoute(connections);
      http.setMaxTotalConnections(Math.max(http.getMaxTotalConnections(), connections * 2));
    });
  }
}
