package io.atende.journey.outreach;

import io.atende.journey.ConversationProcess;
import io.atende.journey.outreach.OutreachProcess.Outcome;
import io.atende.journey.outreach.OutreachProcess.Requested;
import io.atende.journey.outreach.OutreachProcess.Variables;
import io.atende.platform.CurrentUser;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.camunda.bpm.engine.variable.VariableMap;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Starts an active contact or recontact for the user and says how it went: the request is checked first (nothing
 * starts for a bad one), then process {@code outreach} runs as the user up to the template's send (an asynchronous
 * step), so its decision and the protocol it opened are known when this returns.
 */
@Service
public class OutreachService {

  private final OutreachChecks checks;
  private final RuntimeService runtimeService;
  private final IdentityService identityService;
  private final OutreachProperties.Texts texts;

  OutreachService(OutreachChecks checks, RuntimeService runtimeService, IdentityService identityService, OutreachProperties properties) {
    this.checks = checks;
    this.runtimeService = runtimeService;
    this.identityService = identityService;
    this.texts = properties.texts();
  }

  /** How a request went. */
  public enum Result {
    SENT,
    CONTACT_EXISTS,
    IN_SERVICE,
    NOT_A_CONTACT,
    LIMIT_REACHED,
    INVALID
  }

  /**
   * @param protocol the new protocol (SENT) or the customer's open one (IN_SERVICE)
   * @param message what the agent reads, in Portuguese
   */
  public record Outcome(Result result, String protocol, String message, ProcessInstance instance) {}

  /**
   * @throws OutreachRefusedException, io.atende.template.TemplateProblemException, io.atende.conversation.PhoneNumbers.InvalidPhoneException
   *     for a request that cannot be served as it is; nothing started
   */
  public Outcome request(CurrentUser user, Requested requested, OutreachRequest request) {
    checks.check(user.id(), user.groupIds(), request);
    try {
      return start(user, requested, request);
    } catch (DataIntegrityViolationException e) {
      // another agent registered the same new customer at this moment: decided again, now as a known customer
      return start(user, requested, request);
    }
  }

  private Outcome start(CurrentUser user, Requested requested, OutreachRequest request) {
    identityService.setAuthentication(user.id(), user.groupIds());
    ProcessInstanceWithVariables instance;
    try {
      instance = runtimeService.createProcessInstanceByKey(OutreachProcess.KEY)
          .setVariables(OutreachVariables.of(requested, request))
          .executeWithVariablesInReturn();
    } finally {
      identityService.clearAuthentication();
    }
    VariableMap variables = instance.getVariables();
    String outcome = (String) variables.get(Variables.OUTCOME);
    String refusal = (String) variables.get(Variables.REFUSAL);
    if (outcome == null) {
      return new Outcome(Result.INVALID, null, refusal, instance);
    }
    return switch (OutreachProcess.Outcome.valueOf(outcome)) {
      case SEND -> {
        String protocol = (String) variables.get(ConversationProcess.Variables.PROTOCOL);
        yield protocol == null ? new Outcome(Result.LIMIT_REACHED, null, refusal, instance)
            : new Outcome(Result.SENT, protocol, OutreachProperties.fill(texts.sent(), protocol, null), instance);
      }
      case CONTACT_EXISTS -> new Outcome(Result.CONTACT_EXISTS, null, texts.contactExists(), instance);
      case NOT_A_CONTACT -> new Outcome(Result.NOT_A_CONTACT, null, texts.notAContact(), instance);
      case IN_SERVICE -> {
        String protocol = (String) variables.get(Variables.OPEN_PROTOCOL);
        yield new Outcome(Result.IN_SERVICE, protocol,
            protocol == null ? texts.inServiceWithBot() : OutreachProperties.fill(texts.inService(), protocol, null), instance);
      }
    };
  }
}
