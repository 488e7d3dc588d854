package io.atende.template;

import io.atende.whatsapp.GraphApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the templates API ({@link TemplateProblems} answers the sending rules' refusals). */
@RestControllerAdvice(basePackageClasses = TemplateController.class)
class TemplateErrors {

  private static final Logger log = LoggerFactory.getLogger(TemplateErrors.class);

  @ExceptionHandler(TemplateExceptions.NotFound.class)
  ProblemDetail notFound(TemplateExceptions.NotFound e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(TemplateExceptions.BadRequest.class)
  ProblemDetail badRequest(TemplateExceptions.BadRequest e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(TemplateExceptions.Forbidden.class)
  ProblemDetail forbidden(TemplateExceptions.Forbidden e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "The body is not valid JSON for this request: " + String.valueOf(e.getMostSpecificCause().getMessage())
            .lines().findFirst().orElse(""));
  }

  /**
   * WhatsApp refused the change (400 with Meta's explanation for a person, code and subcode) or could not be reached
   * (502; nothing changed, try again later).
   */
  @ExceptionHandler(GraphApiException.class)
  ProblemDetail whatsApp(GraphApiException e) {
    if (e.transientError() || e.httpStatus() == 0 || e.httpStatus() >= 500) {
      log.warn("Template change not made: WhatsApp unreachable ({})", e.getMessage());
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
          "WhatsApp could not be reached; nothing was changed. Try again later. (" + e.getMessage() + ")");
      problem.setTitle("WhatsApp unavailable");
      return problem;
    }
    String detail = e.userMessage() != null ? e.userMessage() : e.details() != null ? e.details() : e.title();
    HttpStatus status = e.httpStatus() == 401 || e.httpStatus() == 403 ? HttpStatus.BAD_GATEWAY : HttpStatus.BAD_REQUEST;
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(e.userTitle() != null ? "WhatsApp refused the template: " + e.userTitle()
        : "WhatsApp refused the request");
    problem.setProperty("metaCode", e.code());
    if (e.subcode() != null) {
      problem.setProperty("metaSubcode", e.subcode());
    }
    return problem;
  }
}
