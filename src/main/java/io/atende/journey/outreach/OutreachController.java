package io.atende.journey.outreach;

import io.atende.conversation.PhoneNumbers;
import io.atende.journey.outreach.OutreachProcess.Requested;
import io.atende.journey.outreach.OutreachService.Outcome;
import io.atende.platform.CurrentUser;
import io.atende.whatsapp.WhatsAppProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Active contact and recontact (R19, R20) for agents: {@code POST /api/outreach/active-contacts} and
 * {@code /recontacts}; {@code GET /api/outreach/numbers} lists the numbers the user may write from. Errors are RFC 9457
 * problems: 400 for a bad request (phone, name, template), 403 for a number not enabled for the user.
 */
@RestController
@RequestMapping("/api/outreach")
class OutreachController {

  private final OutreachService outreach;
  private final WhatsAppProperties whatsapp;
  private final AgentNumbers agentNumbers;

  OutreachController(OutreachService outreach, WhatsAppProperties whatsapp, AgentNumbers agentNumbers) {
    this.outreach = outreach;
    this.whatsapp = whatsapp;
    this.agentNumbers = agentNumbers;
  }

  /** A number the user may write from. */
  record NumberView(String phoneNumberId, String displayPhoneNumber) {}

  @GetMapping("/numbers")
  List<NumberView> numbers(CurrentUser user) {
    return whatsapp.numbers().stream()
        .filter(n -> agentNumbers.enabled(user.id(), user.groupIds(), n.phoneNumberId()))
        .map(n -> new NumberView(n.phoneNumberId(), n.displayPhoneNumber()))
        .toList();
  }

  @PostMapping("/active-contacts")
  ResponseEntity<Map<String, Object>> activeContact(@RequestBody OutreachRequest request, CurrentUser user) {
    return answer(outreach.request(user, Requested.ACTIVE_CONTACT, request));
  }

  @PostMapping("/recontacts")
  ResponseEntity<Map<String, Object>> recontact(@RequestBody OutreachRequest request, CurrentUser user) {
    return answer(outreach.request(user, Requested.RECONTACT, request));
  }

  private static ResponseEntity<Map<String, Object>> answer(Outcome outcome) {
    HttpStatus status = switch (outcome.result()) {
      case SENT -> HttpStatus.ACCEPTED;
      case CONTACT_EXISTS, IN_SERVICE, NOT_A_CONTACT -> HttpStatus.CONFLICT;
      case LIMIT_REACHED -> HttpStatus.TOO_MANY_REQUESTS;
      case INVALID -> HttpStatus.BAD_REQUEST;
    };
    if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.BAD_REQUEST) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, outcome.message());
      problem.setTitle(status == HttpStatus.TOO_MANY_REQUESTS ? "Messaging limit reached" : "Outreach request refused");
      problem.setProperty("outcome", outcome.result().name());
      return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(asMap(problem));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", outcome.result().name());
    if (outcome.protocol() != null) {
      body.put("protocol", outcome.protocol());
    }
    body.put("message", outcome.message());
    return ResponseEntity.status(status).body(body);
  }

  /** A problem detail as the body of a response that also carries our {@code outcome}. */
  private static Map<String, Object> asMap(ProblemDetail problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.getType().toString());
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    body.putAll(problem.getProperties());
    return body;
  }

  @ExceptionHandler(OutreachRefusedException.class)
  ProblemDetail refused(OutreachRefusedException e) {
    HttpStatus status = e.forbidden() ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST;
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setTitle(e.forbidden() ? "WhatsApp number not enabled for you" : "Outreach request refused");
    return problem;
  }

  @ExceptionHandler(PhoneNumbers.InvalidPhoneException.class)
  ProblemDetail badPhone(PhoneNumbers.InvalidPhoneException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid phone number");
    problem.setProperty("field", "phone");
    return problem;
  }
}
