package io.atende.journey;

/**
 * The {@code conversation} process (processes/conversation.bpmn): its key, element ids, message names and
 * variables, shared by the delegates, the correlator and the tests. The process keeps ids and small facts
 * in variables, never message bodies: the customer's answer reaches it as a transient variable.
 */
public final class ConversationProcess {

  public static final String KEY = "conversation";

  private ConversationProcess() {}

  /** Message names. */
  public static final class Messages {
    /** A customer's message while the bot waits for an answer; correlated by business key ({@link CorrelationKeys}). */
    public static final String CUSTOMER_MESSAGE = "CustomerMessage";

    private Messages() {}
  }

  /** BPMN error codes. */
  public static final class Errors {
    /**
     * WhatsApp cannot deliver the bot's message to the customer (undeliverable, 24-hour window closed, opted out):
     * a business outcome the model handles, not an incident.
     */
    public static final String CUSTOMER_UNREACHABLE = "CustomerUnreachable";

    private Errors() {}
  }

  /** Element ids. */
  public static final class Elements {
    public static final String START = "CustomerWrote";
    public static final String SEND_GREETING = "SendGreeting";
    public static final String JOIN_MENU = "JoinMenu";
    /** Call activity "Perguntar e aguardar resposta" ({@code ask-and-wait}) with the menu's options. */
    public static final String ASK_MENU = "AskMenu";
    public static final String MATCH_MENU_ANSWER = "MatchMenuAnswer";
    public static final String OPTION_CHOSEN = "OptionChosen";
    public static final String ANSWER_WAS_TEXT = "AnswerWasText";
    public static final String SEND_MENU_HINT = "SendMenuHint";
    public static final String SEND_NOT_UNDERSTOOD = "SendNotUnderstood";
    public static final String SEND_HAND_OVER_NOTICE = "SendHandOverNotice";
    /** Subprocess (collapsed, a diagram of its own): the CPF/CNPJ question, its check and re-asks. */
    public static final String IDENTIFY_CUSTOMER = "IdentifyCustomer";
    public static final String IDENTIFICATION_STARTED = "IdentificationStarted";
    public static final String IDENTIFICATION_DONE = "IdentificationDone";
    /** Call activity ({@code ask-and-wait}) in {@link #IDENTIFY_CUSTOMER}: the CPF/CNPJ question. */
    public static final String ASK_DOCUMENT = "AskDocument";
    public static final String VALIDATE_DOCUMENT = "ValidateDocument";
    public static final String DOCUMENT_VALID = "DocumentValid";
    public static final String DOCUMENT_WAS_TEXT = "DocumentWasText";
    /** Call activity ({@code ask-and-wait}): the document again, after an invalid one. */
    public static final String ASK_DOCUMENT_AGAIN = "AskDocumentAgain";
    /** Call activity ({@code ask-and-wait}): the document again, after media. */
    public static final String ASK_DOCUMENT_AS_TEXT = "AskDocumentAsText";
    public static final String SEND_UNIDENTIFIED_NOTICE = "SendUnidentifiedNotice";
    public static final String OPEN_PROTOCOL = "OpenProtocol";
    public static final String SEND_PROTOCOL = "SendProtocol";
    /** The call activity of the human part ({@link AttendanceProcess}). */
    public static final String ATTEND_CUSTOMER = "AttendCustomer";
    public static final String PROTOCOL_CLOSED = "ProtocolClosed";
    /** Event subprocess: a question of {@code ask-and-wait} ended with the error {@code CustomerGone}. */
    public static final String CUSTOMER_GONE_HANDLING = "CustomerGoneHandling";
    public static final String CUSTOMER_GONE = "CustomerGone";
    public static final String CLOSE_CONVERSATION = "CloseConversation";
    public static final String CONVERSATION_ABANDONED = "ConversationAbandoned";
    public static final String CUSTOMER_UNREACHABLE_HANDLING = "CustomerUnreachableHandling";
    public static final String CUSTOMER_UNREACHABLE = "CustomerUnreachable";
    public static final String CLOSE_UNREACHABLE_CONVERSATION = "CloseUnreachableConversation";
    public static final String CONVERSATION_UNREACHABLE = "ConversationUnreachable";

    private Elements() {}
  }

  /** The reusable question ({@code processes/ask-and-wait.bpmn}) the journey calls: its key and element ids. */
  public static final class AskAndWait {
    public static final String KEY = "ask-and-wait";
    public static final String SEND_QUESTION = "SendQuestion";
    public static final String WAIT_FOR_ANSWER = "WaitForAnswer";
    public static final String REMINDER_DUE = "ReminderDue";
    public static final String SEND_REMINDER = "SendReminder";
    public static final String CUSTOMER_SILENT = "CustomerSilent";
    public static final String SEND_GOODBYE = "SendGoodbye";

    private AskAndWait() {}
  }

  /** Variable names. */
  public static final class Variables {
    /** {@code conversation.id} of our store (Long). */
    public static final String CONVERSATION_ID = "conversationId";
    /** {@code customer.id} of our store (Long); with {@link #PHONE_NUMBER_ID} the business key ({@link CorrelationKeys}). */
    public static final String CUSTOMER_ID = "customerId";
    /** The customer's WhatsApp profile name (or number), shown to agents. */
    public static final String CUSTOMER_NAME = "customerName";
    /** The business number the customer wrote to (decides the menu). */
    public static final String PHONE_NUMBER_ID = "phoneNumberId";
    /** TRANSIENT: the text of the customer's answer (null for media, stickers, locations...). */
    public static final String ANSWER = "answer";
    /** {@code chat_message.id} of the latest answer correlated. */
    public static final String CUSTOMER_MESSAGE_ID = "customerMessageId";
    /** Out of {@link Elements#ASK_MENU}: the text of the answer to the menu (null for media). */
    public static final String MENU_ANSWER = "menuAnswer";
    /** Out of the document questions: the answer, removed by {@link Elements#VALIDATE_DOCUMENT}. */
    public static final String DOCUMENT_ANSWER = "documentAnswer";
    /** Whether the latest answer was text (chooses between hint and "not understood"). */
    public static final String ANSWER_WAS_TEXT = "answerWasText";
    /** Answers so far that chose no menu option. */
    public static final String MENU_MISSES = "menuMisses";
    /** {@code CHOSEN}, {@code MISSED} or {@code GAVE_UP}: what the latest answer to the menu did. */
    public static final String MENU_OUTCOME = "menuOutcome";
    /** The queue (skill, candidate group) the conversation is in. */
    public static final String QUEUE = "queue";
    /** The queue's name for customers and agents. */
    public static final String QUEUE_LABEL = "queueLabel";
    /** Invalid CPF/CNPJ answers so far. */
    public static final String DOCUMENT_ATTEMPTS = "documentAttempts";
    /** {@code VALID}, {@code INVALID} or {@code GAVE_UP}: what the latest answer to the document question did. */
    public static final String DOCUMENT_OUTCOME = "documentOutcome";
    /** Whether the customer gave a valid CPF/CNPJ. */
    public static final String IDENTIFIED = "identified";
    /** The protocol number ({@code YYYYMMDD-NNNNNN}). */
    public static final String PROTOCOL = "protocol";
    /** Set when completing {@code AttendCustomer} ({@link AttendanceProcess}): the queue to move the conversation to. */
    public static final String TRANSFER_TO_QUEUE = "transferToQueue";
    /** Who asked for the queue transfer. */
    public static final String TRANSFERRED_BY = "transferredBy";
    /** TRANSIENT: the agent's note on a queue transfer (kept in the audit trail). */
    public static final String TRANSFER_NOTE = "transferNote";
    /** The agent who holds (or last held) the conversation. */
    public static final String AGENT_ID = "agentId";
    /** Why WhatsApp could not reach the customer (Meta's code and title), set by the {@code CustomerUnreachable} error. */
    public static final String UNREACHABLE_REASON = "unreachableReason";

    private Variables() {}
  }
}
