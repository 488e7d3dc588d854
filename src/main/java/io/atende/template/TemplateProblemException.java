package io.atende.template;

import java.util.Map;

/**
 * A template send that cannot go out, and why, before anything is sent: the REST API answers it as a 400 problem
 * (RFC 9457) with {@link #problem()} and {@link #details()} as properties and {@link #getMessage()} (Brazilian
 * Portuguese, {@code atende.templates.texts.*}) as the detail.
 */
public class TemplateProblemException extends RuntimeException {

  /** What is wrong. */
  public enum Problem {
    /** No template by that name in the account. */
    UNKNOWN_TEMPLATE,
    /** The template exists, but not in that language. */
    LANGUAGE_NOT_AVAILABLE,
    /** The template is not APPROVED (pending, rejected, paused, disabled...). */
    NOT_APPROVED,
    /** A variable has no value. */
    MISSING_VARIABLE,
    /** A value for a variable the template does not have. */
    EXTRA_VARIABLE,
    /** A variable's value is empty or blank. */
    EMPTY_VARIABLE,
    /** A variable's value has a new line, a tab or more than four spaces in a row (Meta refuses them). */
    INVALID_VARIABLE,
    /** A variable's value is longer than Meta allows there. */
    VARIABLE_TOO_LONG,
    /** The filled-in body is longer than Meta's 1,024 characters. */
    TEXT_TOO_LONG,
    /** Variables given by name for a template whose variables are numbered. */
    POSITIONAL_EXPECTED,
    /** The template has a media header and no media was given. */
    HEADER_MEDIA_MISSING,
    /** The media given is not of the header's kind. */
    HEADER_MEDIA_WRONG,
    /** Media was given for a template without a media header. */
    HEADER_MEDIA_UNEXPECTED,
    /** The template's header is of a kind the service does not send (location). */
    HEADER_NOT_SUPPORTED
  }

  private final Problem problem;
  private final Map<String, Object> details;

  public TemplateProblemException(Problem problem, String message, Map<String, Object> details) {
    super(message);
    this.problem = problem;
    this.details = Map.copyOf(details);
  }

  public Problem problem() {
    return problem;
  }

  /** Facts a client can act on: {@code template}, {@code language}, {@code variable}, {@code status}, {@code max}... */
  public Map<String, Object> details() {
    return details;
  }
}
