package io.atende.survey;

import org.springframework.http.HttpStatus;

/** A request the surveys API refuses: the status, and the field at fault (or null). */
class SurveyProblem extends RuntimeException {

  private final HttpStatus status;
  private final String field;

  SurveyProblem(HttpStatus status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  static SurveyProblem badRequest(String field, String message) {
    return new SurveyProblem(HttpStatus.BAD_REQUEST, field, message);
  }

  HttpStatus status() {
    return status;
  }

  String field() {
    return field;
  }
}
