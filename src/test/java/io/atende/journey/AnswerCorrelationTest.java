package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

/** A customer's message meets a timer or job of the same process committing at the same moment. */
class AnswerCorrelationTest {

  private final RuntimeService runtime = mock(RuntimeService.class);
  private final MessageCorrelationBuilder correlation = mock(MessageCorrelationBuilder.class);
  private final AnswerCorrelation answers = new AnswerCorrelation(runtime, TransactionOperations.withoutTransaction(),
      TransactionOperations.withoutTransaction());

  @BeforeEach
  void waitingProcess() {
    when(runtime.createMessageCorrelation(anyString())).thenReturn(correlation);
    when(correlation.processInstanceBusinessKey(anyString())).thenReturn(correlation);
    when(correlation.setVariable(anyString(), any())).thenReturn(correlation);
  }

  @Test
  void correlationIsRetriedOnOptimisticLockingByMessageNameAndBusinessKey() {
    when(correlation.correlateAllWithResult()).thenThrow(new OptimisticLockingException("timer fired"))
        .thenThrow(new OptimisticLockingException("timer fired")).thenReturn(List.of(mock(MessageCorrelationResult.class)));

    boolean correlated = answers.inSavepoint(() -> answers.correlated("CustomerMessage", "3@106540352242922", "1", 42));

    assertThat(correlated).isTrue();
    verify(correlation, times(3)).correlateAllWithResult();
    verify(correlation, times(3)).processInstanceBusinessKey("3@106540352242922");
    verify(runtime, times(3)).createMessageCorrelation("CustomerMessage");
  }

  @Test
  void optimisticLockingThatPersistsIsPassedOnForTheInboundRetry() {
    when(correlation.correlateAllWithResult()).thenThrow(new OptimisticLockingException("busy"));

    assertThatThrownBy(() -> answers.inSavepoint(() -> answers.correlated("CustomerMessage", "3@106540352242922", "1", 42)))
        .isInstanceOf(OptimisticLockingException.class);

    verify(correlation, times(AnswerCorrelation.ATTEMPTS)).correlateAllWithResult();
  }

  @Test
  void nothingWaitingIsReportedNotThrown() {
    when(correlation.correlateAllWithResult()).thenReturn(List.of());

    assertThat(answers.correlated("SurveyAnswer", "3@106540352242922", "5", 42)).isFalse();
  }
}
