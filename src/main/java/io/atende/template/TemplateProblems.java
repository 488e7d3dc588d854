package io.atende.template;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A {@link TemplateProblemException} thrown under any REST controller (the templates API, and every feature that
 * sends templates through {@link TemplateMessages}) is answered as a 400 RFC 9457 problem: the Portuguese message as
 * {@code detail}, the {@code problem} (e.g. MISSING_VARIABLE) and its facts ({@code template}, {@code language},
 * {@code variable}, {@code status}, {@code max}...) as properties.
 */
@RestControllerAdvice
public class TemplateProblems {

  @ExceptionHandler(TemplateProblemException.class)
  ProblemDetail templateProblem(TemplateProblemException e) {
    return problem(e);
  }

  /** The problem detail of a refusal, for a caller that answers it its own way. */
  public static ProblemDetail problem(TemplateProblemException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Template cannot be sent as asked");
    problem.setProperty("problem", e.problem().name());
    e.details().forEach(problem::setProperty);
    return problem;
  }
}
