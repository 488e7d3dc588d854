package io.atende.simulator;

/**
 * A Graph API error, answered as Meta does:
 * {@code {"error":{"message","type","code","error_data":{"messaging_product","details"},"error_subcode"?,"fbtrace_id"}}}.
 * Callers are expected to key on {@link #code()} and {@code details}, as Meta advises.
 */
final class GraphException extends RuntimeException {

  private static final String OAUTH = "OAuthException";
  private static final String METHOD = "GraphMethodException";

  private final int httpStatus;
  private final int code;
  private final String type;
  private final Integer subcode;
  private final String details;
  private final String userTitle;
  private final String userMessage;

  private GraphException(int httpStatus, int code, String type, String message, Integer subcode, String details) {
    this(httpStatus, code, type, message, subcode, details, null, null);
  }

  private GraphException(int httpStatus, int code, String type, String message, Integer subcode, String details,
      String userTitle, String userMessage) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
    this.type = type;
    this.subcode = subcode;
    this.details = details;
    this.userTitle = userTitle;
    this.userMessage = userMessage;
  }

  int httpStatus() {
    return httpStatus;
  }

  int code() {
    return code;
  }

  String type() {
    return type;
  }

  Integer subcode() {
    return subcode;
  }

  String details() {
    return details;
  }

  /** {@code error_user_title}: what WhatsApp Manager would show; template management errors have one. */
  String userTitle() {
    return userTitle;
  }

  /** {@code error_user_msg}. */
  String userMessage() {
    return userMessage;
  }

  static GraphException missingToken() {
    return new GraphException(401, 190, OAUTH,
        "An active access token must be used to query information about the current user.", null, null);
  }

  static GraphException invalidToken() {
    return new GraphException(401, 190, OAUTH, "Invalid OAuth access token - Cannot parse access token", null, null);
  }

  /** An id in the path that this account does not have (unknown phone number id, media id, WABA id). */
  static GraphException unknownObject(String method, String id) {
    return new GraphException(400, 100, METHOD,
        "Unsupported " + method + " request. Object with ID '" + id + "' does not exist, cannot be loaded due to"
            + " missing permissions, or does not support this operation. Please read the Graph API documentation"
            + " at https://developers.facebook.com/docs/graph-api",
        33, null);
  }

  static GraphException unknownPath(String path) {
    return new GraphException(400, 2500, OAUTH, "Unknown path components: " + path, null, null);
  }

  static GraphException unknownError() {
    return new GraphException(500, 1, OAUTH, "An unknown error occurred", null, null);
  }

  static GraphException invalidParameter(String details) {
    return new GraphException(400, 100, OAUTH, "(#100) Invalid parameter", null, details);
  }

  static GraphException parameterRequired(String parameter) {
    return new GraphException(400, 100, OAUTH, "(#100) The parameter " + parameter + " is required.", null, null);
  }

  static GraphException missingParameter(String details) {
    return new GraphException(400, 131008, OAUTH, "(#131008) Required parameter is missing", null, details);
  }

  static GraphException invalidValue(String details) {
    return new GraphException(400, 131009, OAUTH, "(#131009) Parameter value is not valid", null, details);
  }

  static GraphException bsuidRecipientNotSupported(String details) {
    return new GraphException(400, 131062, OAUTH,
        "(#131062) Business-scoped User ID recipients are not supported for this message", null, details);
  }

  static GraphException rateLimitHit() {
    return new GraphException(400, 130429, OAUTH, "(#130429) Rate limit hit", null,
        "Cloud API message throughput has been reached.");
  }

  static GraphException templateParamCountMismatch(String details) {
    return new GraphException(400, 132000, OAUTH,
        "(#132000) Number of parameters does not match the expected number of params", null, details);
  }

  static GraphException templateMissing(String name, String language) {
    return new GraphException(404, 132001, OAUTH, "(#132001) Template name does not exist in the translation", null,
        "template name (" + name + ") does not exist in " + language);
  }

  static GraphException templateTextTooLong(String details) {
    return new GraphException(400, 132005, OAUTH, "(#132005) Translated text too long", null, details);
  }

  static GraphException templatePaused(String name) {
    return new GraphException(400, 132015, OAUTH, "(#132015) Template is Paused", null,
        "Template " + name + " is paused due to low quality, so it cannot be sent in a template message.");
  }

  static GraphException templateDisabled(String name) {
    return new GraphException(400, 132016, OAUTH, "(#132016) Template is Disabled", null,
        "Template " + name + " has been paused too many times due to low quality and is now permanently disabled.");
  }

  static GraphException templateFormatMismatch(String details) {
    return new GraphException(400, 132012, OAUTH, "(#132012) Parameter format does not match format in the created template",
        null, details);
  }

  static GraphException templateParameterInvalid(String details) {
    return new GraphException(400, 132018, OAUTH, "(#132018) There was an issue with the parameters in your template.",
        null, details);
  }

  /**
   * A template create or edit request Meta refuses before review: code 100 "Invalid parameter" with a subcode and
   * the title and message WhatsApp Manager would show (null subcode when Meta's is not known).
   */
  static GraphException templateRefused(Integer subcode, String userTitle, String userMessage) {
    return new GraphException(400, 100, OAUTH, "Invalid parameter", subcode, null, userTitle, userMessage);
  }
}
