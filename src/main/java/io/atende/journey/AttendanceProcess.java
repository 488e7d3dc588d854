package io.atende.journey;

/**
 * The {@code attendance} process (processes/attendance.bpmn): the human part of every service, called by the journeys
 * and by the active contact. It shares the variables of {@link ConversationProcess.Variables}.
 */
public final class AttendanceProcess {

  public static final String KEY = "attendance";

  private AttendanceProcess() {}

  /** Element ids. */
  public static final class Elements {
    public static final String START = "ConversationQueued";
    public static final String ATTEND_CUSTOMER = "AttendCustomer";
    public static final String TRANSFER_REQUESTED = "TransferRequested";
    public static final String ROUTE_TO_QUEUE = "RouteToQueue";
    public static final String SEND_TRANSFER_NOTICE = "SendTransferNotice";
    public static final String CLOSE_PROTOCOL = "CloseProtocol";
    public static final String PROTOCOL_CLOSED = "ProtocolClosed";

    private Elements() {}
  }

  /** Variables of this process beyond {@link ConversationProcess.Variables}. */
  public static final class Variables {
    /**
     * The agent who made an active contact or recontact: the customer's reply is theirs ({@code AttendCustomer}'s
     * assignee), even at their limit of simultaneous conversations. Cleared by a transfer to another queue.
     */
    public static final String CONTACT_AGENT = "contactAgent";

    private Variables() {}
  }
}
