package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.journey.JourneyCorrelator.Delivery;
import io.atende.journey.AnswerQueueDispatcher.AnswerWaiting;
import io.atende.whatsapp.InboundMessage;
import io.atende.whatsapp.MessageType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionOperations;

class JourneyCorrelatorTest {

  private final RuntimeService runtime = mock(RuntimeService.class, RETURNS_DEEP_STUBS);
  private final MessageCorrelationBuilder correlation = mock(MessageCorrelationBuilder.class);
  private final ConversationStore conversations = mock(ConversationStore.class);
  private final AnswerQueue queue = mock(AnswerQueue.class);
  private final ApplicationEventPublisher events = mock(ApplicationEventPublisher.class);
  private final JourneyCorrelator correlator = new JourneyCorrelator(runtime, conversations, mock(CustomerStore.class),
      queue, new AnswerCorrelation(runtime, TransactionOperations.withoutTransaction(), TransactionOperations.withoutTransaction()), events);
  private final Conversation conversation = new Conversation(7, 3, "106540352242922", ConversationStore.Status.OPEN, "pi-7", null,
      null, null, Instant.now(), null);
  private final InboundMessage answer = new InboundMessage("wamid.1", "106540352242922", "5511940000000", "5511999990000", null, "Maria", null,
      Instant.now(), MessageType.TEXT, " 1 ", null, null, null);

  @BeforeEach
  void waitingJourney() {
    when(runtime.createMessageCorrelation(anyString())).thenReturn(correlation);
    when(correlation.processInstanceId(anyString())).thenReturn(correlation);
    when(correlation.setVariable(anyString(), any())).thenReturn(correlation);
  }

  @Test
  void correlationIsRetriedOnOptimisticLocking() {
    when(correlation.correlateAllWithResult()).thenThrow(new OptimisticLockingException("timer fired"))
        .thenThrow(new OptimisticLockingException("timer fired")).thenReturn(List.of(mock(MessageCorrelationResult.class)));

    assertThat(correlator.deliver(conversation, 42, answer)).isEqualTo(Delivery.CORRELATED);

    verify(correlation, times(3)).correlateAllWithResult();
    verify(correlation, times(3)).processInstanceId("pi-7");
  }

  @Test
  void optimisticLockingThatPersistsIsPassedOnForTheInboundRetry() {
    when(correlation.correlateAllWithResult()).thenThrow(new OptimisticLockingException("busy"));

    assertThatThrownBy(() -> correlator.deliver(conversation, 42, answer)).isInstanceOf(OptimisticLockingException.class);

    verify(correlation, times(AnswerCorrelation.ATTEMPTS)).correlateAllWithResult();
  }

  @Test
  void messageWhileTheBotIsBusyWaitsInTheQueueForItsNextQuestion() {
    when(correlation.correlateAllWithResult()).thenReturn(List.of());
    when(conversations.findById(7)).thenReturn(Optional.of(conversation));
    when(runtime.createProcessInstanceQuery().processInstanceId("pi-7").count()).thenReturn(1L);

    assertThat(correlator.deliver(conversation, 42, answer)).isEqualTo(Delivery.QUEUED);

    verify(queue).add(7, 42);
    verify(events).publishEvent(new AnswerWaiting(7));
  }

  @Test
  void messageInAHumanChatIsLeftForTheAgentWithoutAskingTheEngine() {
    Conversation withAgent = new Conversation(7, 3, "106540352242922", ConversationStore.Status.OPEN, "pi-7", "20261129-000042",
        "suporte", "ana", Instant.now(), null);

    assertThat(correlator.deliver(withAgent, 46, answer)).isEqualTo(Delivery.LEFT_FOR_AGENT);

    verify(runtime, never()).createMessageCorrelation(anyString());
    verify(queue, never()).add(anyLong(), anyLong());
  }

  @Test
  void messageWhileAnswersAreQueuedJoinsTheQueueBehindThem() {
    when(queue.hasAny(7)).thenReturn(true);
    when(conversations.findById(7)).thenReturn(Optional.of(conversation));
    when(runtime.createProcessInstanceQuery().processInstanceId("pi-7").count()).thenReturn(1L);

    assertThat(correlator.deliver(conversation, 43, answer)).isEqualTo(Delivery.QUEUED);

    verify(correlation, never()).correlateAllWithResult();
    verify(queue).add(7, 43);
  }

  @Test
  void conversationWhoseJourneyWasRemovedStartsANewOne() {
    when(correlation.correlateAllWithResult()).thenReturn(List.of());
    journeyEndedAndANewOneStartsAs("pi-8");

    assertThat(correlator.deliver(conversation, 44, answer)).isEqualTo(Delivery.STARTED);

    verify(conversations).attachProcess(7, "pi-8");
    verify(queue, never()).add(anyLong(), anyLong());
  }

  @Test
  void answersQueuedForAnEndedJourneyDoNotAnswerTheNewOne() {
    when(queue.hasAny(7)).thenReturn(true);
    journeyEndedAndANewOneStartsAs("pi-8");

    assertThat(correlator.deliver(conversation, 45, answer)).isEqualTo(Delivery.STARTED);

    verify(queue).clear(7);
    verify(queue, never()).add(anyLong(), anyLong());
    verify(conversations).attachProcess(7, "pi-8");
  }

  private void journeyEndedAndANewOneStartsAs(String processInstanceId) {
    when(conversations.findById(7)).thenReturn(Optional.of(conversation));
    when(runtime.createProcessInstanceQuery().processInstanceId("pi-7").count()).thenReturn(0L);
    ProcessInstance fresh = mock(ProcessInstance.class);
    when(fresh.getId()).thenReturn(processInstanceId);
    when(runtime.startProcessInstanceByKey(eq(ConversationProcess.KEY), eq("7"), anyMap())).thenReturn(fresh);
  }
}
