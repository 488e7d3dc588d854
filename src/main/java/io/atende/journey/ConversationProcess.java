package io.atende.journey;

/** The {@code conversation} process (processes/conversation.bpmn): its key, element ids and variables. */
public final class ConversationProcess {

  public static final String KEY = "conversation";

  private ConversationProcess() {}

  public static final class Elements {
    public static final String START = "CustomerWrote";
    public static final String SEND_GREETING = "SendGreeting";
    public static final String END = "ConversationEnded";

    private Elements() {}
  }

  public static final class Variables {
    /** {@code conversation.id} of our store; also the business key. */
    public static final String CONVERSATION_ID = "conversationId";

    private Variables() {}
  }
}
