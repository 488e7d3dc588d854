package io.atende.journey.outreach;

/**
 * The {@code outreach} process (processes/outreach.bpmn): an agent's active contact or recontact. Its key, element ids,
 * variables and outcomes, shared by the delegates, the REST API and the tests.
 */
public final class OutreachProcess {

  public static final String KEY = "outreach";

  private OutreachProcess() {}

  /** Message names. */
  public static final class Messages {
    /** The customer's first answer to the contact's template, by business key (customer@number). */
    public static final String CUSTOMER_REPLY = "CustomerReply";

    private Messages() {}
  }

  /** BPMN error codes. */
  public static final class Errors {
    /** The request cannot be served as it is (number not enabled for the agent, bad phone, template not sendable). */
    public static final String INVALID_REQUEST = "InvalidRequest";
    /** One customer more than the messaging limit allows in 24 hours. */
    public static final String MESSAGING_LIMIT_REACHED = "MessagingLimitReached";
    /** The template did not leave: WhatsApp cannot reach the customer, or the template may no longer be sent. */
    public static final String CONTACT_NOT_SENT = "ContactNotSent";

    private Errors() {}
  }

  /** Element ids. */
  public static final class Elements {
    public static final String START = "ContactRequested";
    public static final String CHECK_REQUEST = "CheckRequest";
    public static final String REQUEST_INVALID = "RequestInvalid";
    public static final String REFUSED_INVALID = "RefusedInvalid";
    public static final String DECIDE_CONTACT = "DecideContact";
    public static final String CONTACT_DECIDED = "ContactDecided";
    public static final String REFUSED_IN_SERVICE = "RefusedInService";
    public static final String REFUSED_CONTACT_EXISTS = "RefusedContactExists";
    public static final String REFUSED_NOT_A_CONTACT = "RefusedNotAContact";
    public static final String RESERVE_MESSAGING_LIMIT = "ReserveMessagingLimit";
    public static final String LIMIT_REACHED = "LimitReached";
    public static final String REFUSED_LIMIT_REACHED = "RefusedLimitReached";
    public static final String OPEN_CONTACT_PROTOCOL = "OpenContactProtocol";
    public static final String SEND_CONTACT_TEMPLATE = "SendContactTemplate";
    public static final String TEMPLATE_NOT_SENT = "TemplateNotSent";
    public static final String CLOSE_UNSENT_CONTACT = "CloseUnsentContact";
    public static final String CONTACT_NOT_SENT = "ContactNotSent";
    public static final String WAIT_FOR_REPLY = "WaitForReply";
    public static final String NO_REPLY = "NoReply";
    public static final String CLOSE_UNANSWERED_CONTACT = "CloseUnansweredContact";
    public static final String CONTACT_UNANSWERED = "ContactUnanswered";
    public static final String ATTEND_CUSTOMER = "AttendCustomer";
    public static final String CONTACT_ATTENDED = "ContactAttended";

    private Elements() {}
  }

  /** Variable names (beyond {@code io.atende.journey.ConversationProcess.Variables}). */
  public static final class Variables {
    /** What the agent asked for: {@link Requested}'s decision value. */
    public static final String REQUESTED = "requested";
    /** The agent who asked (the process's initiator). */
    public static final String REQUESTED_BY = "requestedBy";
    /** The customer's phone as the agent typed it; after the check, E.164 digits. */
    public static final String PHONE = "phone";
    public static final String TEMPLATE_NAME = "templateName";
    public static final String TEMPLATE_LANGUAGE = "templateLanguage";
    /** The template's variables, a JSON list of strings (in the template's order) or object (named variables). */
    public static final String TEMPLATE_VARIABLES = "templateVariables";
    /** Whether the customer had talked with the company before the request. */
    public static final String CUSTOMER_KNOWN = "customerKnown";
    /** Whether the customer had an open protocol on the number when the agent asked. */
    public static final String PROTOCOL_OPEN = "protocolOpen";
    /** That open protocol's number (with {@link Outcome#IN_SERVICE}). */
    public static final String OPEN_PROTOCOL = "openProtocol";
    /** Decision outreachDecision's answer: {@link Outcome}. */
    public static final String OUTCOME = "outcome";
    /** How the messaging limit took the contact: COUNTED, ALREADY_COUNTED or WINDOW_OPEN ({@code io.atende.limits.Reservation.Outcome}). */
    public static final String LIMIT_RESERVATION = "limitReservation";
    /** Why the request was refused or the template not sent (for the agent, in Portuguese). */
    public static final String REFUSAL = "refusal";

    private Variables() {}
  }

  /** What the agent asked for, as decision {@code outreachDecision} reads it. */
  public enum Requested {
    ACTIVE_CONTACT("activeContact"),
    RECONTACT("recontact");

    private final String decisionValue;

    Requested(String decisionValue) {
      this.decisionValue = decisionValue;
    }

    public String decisionValue() {
      return decisionValue;
    }

    static Requested of(String decisionValue) {
      for (Requested r : values()) {
        if (r.decisionValue.equals(decisionValue)) {
          return r;
        }
      }
      throw new IllegalArgumentException("requested must be activeContact or recontact, was " + decisionValue);
    }
  }

  /** Decision {@code outreachDecision}'s outcomes. */
  public enum Outcome {
    SEND,
    CONTACT_EXISTS,
    IN_SERVICE,
    NOT_A_CONTACT
  }
}
