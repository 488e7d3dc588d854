package io.atende.survey;

/**
 * The {@code survey} process (processes/survey.bpmn): the satisfaction survey after a protocol closed. Its key, message,
 * element ids and variables, shared by the delegates and the tests.
 */
public final class SurveyProcess {

  public static final String KEY = "survey";

  private SurveyProcess() {}

  /** Message names. */
  public static final class Messages {
    /** The customer's answer (score, comment), by business key (customer@number); decision replyRouting: correlate. */
    public static final String SURVEY_ANSWER = "SurveyAnswer";

    private Messages() {}
  }

  /** Element ids. */
  public static final class Elements {
    public static final String START = "ProtocolClosed";
    public static final String LOAD_SETTINGS = "LoadSettings";
    public static final String SURVEY_ENABLED = "SurveyEnabled";
    public static final String SURVEY_DISABLED = "SurveyDisabled";
    public static final String WAIT_DELAY = "WaitDelay";
    public static final String CHECK_NEW_SERVICE = "CheckNewService";
    public static final String RECORD_CANCELLED = "RecordCancelled";
    public static final String SURVEY_CANCELLED = "SurveyCancelled";
    public static final String SEND_QUESTION = "SendQuestion";
    public static final String SURVEY_SKIPPED = "SurveySkipped";
    public static final String WAIT_FOR_ANSWER = "WaitForAnswer";
    public static final String ANSWER_OVERDUE = "AnswerOverdue";
    public static final String RECORD_UNANSWERED = "RecordUnanswered";
    public static final String SURVEY_UNANSWERED = "SurveyUnanswered";
    public static final String CHECK_ANSWER = "CheckAnswer";
    public static final String ASK_AGAIN = "AskAgain";
    public static final String RECORD_TOO_MANY_UNEXPECTED = "RecordTooManyUnexpected";
    public static final String SURVEY_NOT_UNDERSTOOD = "SurveyNotUnderstood";
    public static final String HAND_OVER_TO_JOURNEY = "HandOverToJourney";
    public static final String SURVEY_NEW_SUBJECT = "SurveyNewSubject";
    public static final String SEND_FEEDBACK_QUESTION = "SendFeedbackQuestion";
    public static final String WAIT_FOR_COMMENT = "WaitForComment";
    public static final String COMMENT_OVERDUE = "CommentOverdue";
    public static final String SURVEY_ANSWERED_WITHOUT_COMMENT = "SurveyAnsweredWithoutComment";
    public static final String RECORD_COMMENT = "RecordComment";
    public static final String SEND_THANKS = "SendThanks";
    public static final String SURVEY_ANSWERED = "SurveyAnswered";

    private Elements() {}
  }

  /** Variables beyond the ids the survey starts with (conversationId, protocol, agentId, queue, phoneNumberId, customerId). */
  public static final class Variables {
    /** Whether the number sends surveys (read at the start). */
    public static final String ENABLED = "surveyEnabled";
    /** The delay after the close, ISO 8601 ({@code PT30M}), read by timer {@code WaitDelay}. */
    public static final String DELAY = "surveyDelay";
    /** How long the customer has to answer, ISO 8601, read by timers {@code AnswerOverdue} and {@code CommentOverdue}. */
    public static final String ANSWER_TIMEOUT = "answerTimeout";
    /** CSAT, NPS or CES (at the send). */
    public static final String KIND = "surveyKind";
    public static final String MAX_REASKS = "maxReasks";
    /** How many times the question was asked again. */
    public static final String REASKS = "reasks";
    /** Whether a new conversation of the customer on the number started after the closed one. */
    public static final String NEW_SERVICE = "newService";
    /** Whether the question left (false: skipped, the reason is recorded). */
    public static final String QUESTION_SENT = "questionSent";
    /** What the last answer was: {@code SCORE}, {@code UNEXPECTED} or {@code NEW_SUBJECT}. */
    public static final String VERDICT = "answerVerdict";
    public static final String SCORE = "score";
    /** Whether a feedback question follows the score. */
    public static final String FEEDBACK_ASKED = "feedbackAsked";

    private Variables() {}
  }
}
