package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

/** The inbound lanes run at the priority the operator sets, never at the webhook's or above. */
class CustomerLanesPriorityTest {

  @Test
  void lanesRunAtTheConfiguredPriorityCappedBelowTheWebhooks() throws Exception {
    WhatsAppProperties properties = mock(WhatsAppProperties.class);
    when(properties.inboundLanes()).thenReturn(2);

    CustomerLanes raised = new CustomerLanes(properties, 16, 3);
    CustomerLanes tooHigh = new CustomerLanes(properties, 16, 10);
    try {
      java.util.concurrent.CompletableFuture<Integer> seen = new java.util.concurrent.CompletableFuture<>();
      raised.execute("5511999990001", () -> seen.complete(Thread.currentThread().getPriority()));
      assertThat(seen.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3);

      java.util.concurrent.CompletableFuture<Integer> capped = new java.util.concurrent.CompletableFuture<>();
      tooHigh.execute("5511999990001", () -> capped.complete(Thread.currentThread().getPriority()));
      assertThat(capped.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("below the webhook's 5").isEqualTo(4);
    } finally {
      raised.destroy();
      tooHigh.destroy();
    }
  }
}
