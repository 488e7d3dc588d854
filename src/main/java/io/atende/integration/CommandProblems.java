package io.atende.integration;

import io.atende.conversation.PhoneNumbers;
import io.atende.journey.outreach.OutreachRefusedException;
import io.atende.template.TemplateProblemException;
import java.net.URI;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code atendeCommandProblems}: turns a command's refusal, caught by an integrator's HTTP route, into an RFC 9457
 * problem (JSON body, content type and status), e.g. in {@code routes/examples/erp-notify.yaml}.
 */
@Component("atendeCommandProblems")
public class CommandProblems {

  /** An RFC 9457 problem; {@code reason} is the command's reason (UNKNOWN_NUMBER, NO_CONVERSATION, ...). */
  public record Problem(URI type, String title, int status, String detail, String reason) {}

  public void toProblem(Exchange exchange) throws Exception {
    Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    Problem problem;
    if (e instanceof AtendeCommands.CommandRefusedException refused) {
      int status = "FORBIDDEN".equals(refused.reason()) ? 403 : 422;
      problem = new Problem(URI.create("about:blank"), "Command refused", status, refused.getMessage(), refused.reason());
    } else if (e instanceof OutreachRefusedException refused) {
      problem = new Problem(URI.create("about:blank"), "Command refused", refused.forbidden() ? 403 : 400, refused.getMessage(),
          refused.forbidden() ? "FORBIDDEN" : "INVALID");
    } else if (e instanceof PhoneNumbers.InvalidPhoneException || e instanceof TemplateProblemException) {
      problem = new Problem(URI.create("about:blank"), "Command refused", 400, e.getMessage(), "INVALID");
    } else {
      problem = new Problem(URI.create("about:blank"), "Command failed", 500, "The command failed; see the service's log", "ERROR");
    }
    exchange.getMessage().setBody(IntegrationEvents.JSON.writeValueAsString(problem));
    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
  }
}
