package io.atende.survey;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the surveys API; a refused field is named in {@code field}. */
@RestControllerAdvice(basePackageClasses = SurveyController.class)
class SurveyErrors {

  @ExceptionHandler(SurveyProblem.class)
  ProblemDetail problem(SurveyProblem e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    if (e.field() != null) {
      problem.setProperty("field", e.field());
    }
    return problem;
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "O corpo não é um JSON válido para as configurações da pesquisa: " + String.valueOf(e.getMostSpecificCause().getMessage())
            .lines().findFirst().orElse(""));
  }
}
