package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.journey.JourneyCorrelator.Delivery;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.MessageType;
import java.time.Instant;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

class JourneyCorrelatorTest {

  private final RuntimeService runtime = mock(RuntimeService.class, RETURNS_DEEP_STUBS);
  private final MessageCorrelationBuilder correlation = mock(MessageCorrelationBuilder.class);
  private final JourneyCorrelator correlator = new JourneyCorrelator(runtime, mock(ConversationStore.class), mock(CustomerStore.class),
      TransactionOperations.withoutTransaction());
  private final Conversation conversation = new Conversation(7, 3, "106540352242922", ConversationStore.Status.OPEN, "pi-7", null,
      null, null, Instant.now(), null);
  private final InboundMessage answer = new InboundMessage("wamid.1", "106540352242922", "5511940000000", "5511999990000", "Maria",
      Instant.now(), MessageType.TEXT, " 1 ", null, null, null);

  @BeforeEach
  void waitingJourney() {
    ProcessInstance instance = mock(ProcessInstance.class);
    when(instance.getId()).thenReturn("pi-7");
    when(runtime.createProcessInstanceQuery().processDefinitionKey(anyString()).processInstanceBusinessKey(anyString()).singleResult())
        .thenReturn(instance);
    when(runtime.createExecutionQuery().processInstanceId(anyString()).messageEventSubscriptionName(anyString()).count()).thenReturn(1L);
    when(runtime.createMessageCorrelation(anyString())).thenReturn(correlation);
    when(correlation.processInstanceBusinessKey(anyString())).thenReturn(correlation);
    when(correlation.setVariable(anyString(), any())).thenReturn(correlation);
  }

  @Test
  void correlationIsRetriedOnOptimisticLocking() {
    when(correlation.correlateWithResult()).thenThrow(new OptimisticLockingException("timer fired"))
        .thenThrow(new OptimisticLockingException("timer fired")).thenReturn(null);

    assertThat(correlator.deliver(conversation, 42, answer)).isEqualTo(Delivery.CORRELATED);

    verify(correlation, times(3)).correlateWithResult();
    verify(correlation, times(3)).processInstanceBusinessKey("7");
  }

  @Test
  void optimisticLockingThatPersistsIsPassedOnForTheInboundRetry() {
    when(correlation.correlateWithResult()).thenThrow(new OptimisticLockingException("busy"));

    assertThatThrownBy(() -> correlator.deliver(conversation, 42, answer)).isInstanceOf(OptimisticLockingException.class);

    verify(correlation, times(JourneyCorrelator.ATTEMPTS)).correlateWithResult();
  }
}
