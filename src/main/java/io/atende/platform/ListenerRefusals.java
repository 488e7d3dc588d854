package io.atende.platform;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.glassfish.jersey.server.ResourceConfig;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.stereotype.Component;

/**
 * A request a task listener refuses (an assignment to someone who may not serve the number, an agent at their limit of
 * simultaneous conversations) reaches the engine's REST API as Camunda's wrapper of listener failures (ENGINE-03051),
 * which {@code /engine-rest} answers 500 like a crash. The listeners throw {@link BadUserRequestException}s; this
 * mapper answers those 400 with their own message, in Camunda's error body ({@code type}, {@code message}), so
 * Tasklist and API clients show the reason. Every other exception is answered as Camunda does.
 */
@Component
class ListenerRefusals implements ResourceConfigCustomizer {

  @Override
  public void customize(ResourceConfig config) {
    config.register(Mapper.class);
  }

  @Priority(1000)
  static class Mapper implements ExceptionMapper<ProcessEngineException> {

    @Override
    public Response toResponse(ProcessEngineException exception) {
      for (Throwable cause = exception.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
        if (cause instanceof BadUserRequestException refusal) {
          return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
              .entity(ExceptionHandlerHelper.getInstance().fromException(refusal)).build();
        }
      }
      return ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
  }
}
