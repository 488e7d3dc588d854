package io.atende.template;

/** Errors of the templates API besides {@link TemplateProblemException}, each mapped to its HTTP status. */
final class TemplateExceptions {

  private TemplateExceptions() {}

  /** 404: no template with that id in the registry. */
  static class NotFound extends RuntimeException {
    NotFound(String id) {
      super("No template with id " + id + " in the registry (sync it from WhatsApp with POST /api/templates/sync)");
    }
  }

  /** 400: the request itself is wrong (a required field missing, an unknown queue). */
  static class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  /** 403: only administrators change templates. */
  static class Forbidden extends RuntimeException {
    Forbidden(String message) {
      super(message);
    }
  }
}
