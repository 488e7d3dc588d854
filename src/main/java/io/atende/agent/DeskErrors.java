package io.atende.agent;

import io.atende.conversation.MessageSender;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.MediaRejectedException;
import io.atende.journey.AgentCapacity;
import io.atende.journey.ConversationTransfers;
import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Clear JSON errors (RFC 9457 problem details) for the desk API. */
@RestControllerAdvice(basePackageClasses = DeskController.class)
class DeskErrors {

  private final DeskTexts texts;

  DeskErrors(DeskTexts texts) {
    this.texts = texts;
  }

  @ExceptionHandler(DeskExceptions.Forbidden.class)
  ProblemDetail forbidden(DeskExceptions.Forbidden e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(DeskExceptions.NotFound.class)
  ProblemDetail notFound(DeskExceptions.NotFound e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(DeskExceptions.BadRequest.class)
  ProblemDetail badRequest(DeskExceptions.BadRequest e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(DeskExceptions.Closed.class)
  ProblemDetail closed(DeskExceptions.Closed e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("The conversation is closed");
    return problem;
  }

  @ExceptionHandler(ConversationTransfers.TransferRefusedException.class)
  ProblemDetail transferRefused(ConversationTransfers.TransferRefusedException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
  }

  /** R13: the agent already holds as many conversations as allowed (the engine wraps the listener's refusal). */
  @ExceptionHandler(ProcessEngineException.class)
  ProblemDetail engineRefused(ProcessEngineException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AgentCapacity.AgentAtCapacityException limit) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, limit.getMessage());
      }
    }
    throw e;
  }

  /** A file WhatsApp would not take: the agent is told which types and sizes are allowed. */
  @ExceptionHandler(MediaRejectedException.class)
  ProblemDetail mediaRejected(MediaRejectedException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  /** WhatsApp refused or did not take the message: the agent sees Meta's reason. */
  @ExceptionHandler(GraphApiException.class)
  ProblemDetail whatsAppRefused(GraphApiException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
    problem.setTitle("WhatsApp did not accept the message");
    return problem;
  }

  /** A free-form reply outside the 24-hour window: refused, with the reason and the way out. */
  @ExceptionHandler(MessageSender.OutsideServiceWindowException.class)
  ProblemDetail windowClosed(MessageSender.OutsideServiceWindowException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, texts.windowClosed());
    problem.setTitle("Outside the 24-hour customer service window");
    problem.setProperty("wayOut", "template");
    return problem;
  }
}
