package io.atende.whatsapp;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpActivityListener;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.springframework.stereotype.Component;

/**
 * The send rate's last look, on the Graph API's HTTP endpoint ({@code httpActivityListener} of the route
 * {@code whatsapp-http}): the HTTP client calls it right before it writes a request to its connection, once the
 * connection is leased or opened. A send that gets there too long after its slot takes a new one
 * ({@link SendRateLimiter#onTheWire}). Camel also wires this bean into the http component as its default listener
 * (the component's option is autowired), so other HTTP endpoints call it too: their requests carry no send slot and
 * pass as they are.
 */
@Component("sendSlotCheck")
class SendSlotCheck implements HttpActivityListener {

  private final SendRateLimiter limiter;

  SendSlotCheck(SendRateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void onRequestSubmitted(Object source, Exchange exchange, HttpHost host, HttpRequest request, HttpEntity entity) {
    limiter.onTheWire(exchange);
  }

  @Override
  public void onResponseReceived(Object source, Exchange exchange, HttpHost host, HttpResponse response, HttpEntity entity,
      long elapsed) {
    // nothing to do: the slot was used
  }
}
