package io.atende.journey.blocks;

/**
 * The building blocks analysts use in Camunda Modeler ({@code .camunda/element-templates/atende-blocks.json}): the
 * delegate bean each template names, the fields it sets, the called process of "ask and wait" and the variables and
 * BPMN errors the blocks produce. The element templates, the blocks' delegates and their deploy-time checks
 * ({@link BlockRules}) all read these names.
 */
public final class Blocks {

  private Blocks() {}

  /** Delegate beans ({@code camunda:delegateExpression="${name}"}). */
  public static final class Beans {
    /** Sends a text (field {@code text}, or the text held by variable {@code textVariable}). */
    public static final String SEND_TEXT = "sendText";
    /** Sends the header (field {@code header}) and the options of a menu decision (field {@code decision}). */
    public static final String SHOW_MENU = "showMenu";
    /** In {@value Blocks#ASK_AND_WAIT}: keeps the customer's answer (transient {@code answer}) as {@code answerText}. */
    public static final String STORE_ANSWER = "storeAnswer";
    /** Finds the menu option an answer (field {@code answerVariable}) chooses; sets {@code queue} or counts a miss. */
    public static final String MATCH_MENU_OPTION = "matchMenuOption";
    /** Checks a CPF/CNPJ (the variable named by field {@code answerVariable}) and stores a valid one on the customer. */
    public static final String CHECK_DOCUMENT = "checkDocument";
    /** Puts the conversation in a queue (field {@code queue}). */
    public static final String HAND_OVER_TO_QUEUE = "handOverToQueue";
    /** Sends an approved template (fields {@code template}, {@code language}, {@code parameters}). */
    public static final String SEND_TEMPLATE = "sendTemplate";
    /** Adds a line (field {@code text}) to the conversation's notes, the desk's "Ficha do protocolo". */
    public static final String ADD_TO_NOTES = "addToNotes";
    /** Opens the protocol: number, audit, the conversation queued in {@code queue} (the journey's own bean). */
    public static final String OPEN_PROTOCOL = "openProtocol";

    private Beans() {}
  }

  /** Field names ({@code camunda:field}) of the blocks. */
  public static final class Fields {
    public static final String TEXT = "text";
    public static final String TEXT_VARIABLE = "textVariable";
    public static final String MENU_VARIABLE = "menuVariable";
    public static final String HEADER = "header";
    public static final String DECISION = "decision";
    public static final String ANSWER_VARIABLE = "answerVariable";
    public static final String MAX_ATTEMPTS = "maxAttempts";
    public static final String MAX_MISSES = "maxMisses";
    public static final String DEFAULT_QUEUE = "defaultQueue";
    public static final String QUEUE = "queue";
    public static final String TEMPLATE = "template";
    public static final String LANGUAGE = "language";
    public static final String PARAMETERS = "parameters";

    private Fields() {}
  }

  /** The retry cycle of a block's send when its element sets none: the journey's sends retry alike. */
  public static final String SEND_RETRY_CYCLE = "R5/PT10S";

  /** The process a call activity "Perguntar e aguardar resposta" calls ({@code processes/ask-and-wait.bpmn}). */
  public static final String ASK_AND_WAIT = "ask-and-wait";

  /** What the call activity hands to {@value Blocks#ASK_AND_WAIT} ({@code camunda:in} targets) and takes back. */
  public static final class AskAndWait {
    /** The question's text, with {@code {variables}}. */
    public static final String QUESTION = "question";
    /** ISO-8601 silence after the question before the reminder, e.g. {@code PT5M}. */
    public static final String REMINDER_AFTER = "reminderAfter";
    /** ISO-8601 silence after the question before the goodbye; longer than {@link #REMINDER_AFTER}. */
    public static final String GIVE_UP_AFTER = "giveUpAfter";
    public static final String REMINDER_TEXT = "reminderText";
    public static final String GOODBYE_TEXT = "goodbyeText";
    /** Optional: the id of a menu decision whose options follow the question, one per line ("1 – Comercial"). */
    public static final String MENU = "menu";
    /** Out: the answer's text (null when the customer sent media), mapped to the variable the analyst names. */
    public static final String ANSWER_TEXT = "answerText";

    private AskAndWait() {}
  }

  /** Variables the blocks set. */
  public static final class Variables {
    /** Whether the latest answer was text ({@code false} for media, stickers, locations...). */
    public static final String ANSWER_WAS_TEXT = "answerWasText";
    /** {@link DocumentOutcome} of the latest CPF/CNPJ checked. */
    public static final String DOCUMENT_OUTCOME = "documentOutcome";
    /** Invalid CPF/CNPJ answers so far. */
    public static final String DOCUMENT_ATTEMPTS = "documentAttempts";
    /** Whether the customer gave a valid CPF/CNPJ. */
    public static final String IDENTIFIED = "identified";
    /** The queue (candidate group) the conversation is in, and its name for people. */
    public static final String QUEUE = "queue";
    public static final String QUEUE_LABEL = "queueLabel";
    /** {@link MenuOutcome} of the latest answer to a menu. */
    public static final String MENU_OUTCOME = "menuOutcome";
    /** Answers so far that chose no menu option. */
    public static final String MENU_MISSES = "menuMisses";
    /** The customer ({@code customer.id}); set by the journey's start. */
    public static final String CUSTOMER_ID = "customerId";

    private Variables() {}
  }

  /** BPMN errors the blocks throw. */
  public static final class Errors {
    /** {@value Blocks#ASK_AND_WAIT} ended: the customer did not answer and got the goodbye. */
    public static final String CUSTOMER_GONE = "CustomerGone";

    private Errors() {}
  }

  /** What an answer to the menu did. */
  public enum MenuOutcome {
    /** It chose an option: {@code queue} is set. */
    CHOSEN,
    /** It chose nothing; misses are left. */
    MISSED,
    /** Too many misses: the customer goes to the default queue. */
    GAVE_UP
  }

  /** What the CPF/CNPJ check found. */
  public enum DocumentOutcome {
    VALID,
    /** Not a valid CPF/CNPJ; attempts are left. */
    INVALID,
    /** The last allowed attempt was invalid too. */
    GAVE_UP
  }
}
