package io.atende.journey.batch;

/**
 * The {@code batch} process (processes/batch.bpmn): one instance per batch send, dispatching its recipients (rows of
 * table {@code batch_recipient}, never process variables) in chunks, one job per chunk. Its key, element ids,
 * variables and messages, shared by the delegates, the REST API and the tests.
 */
public final class BatchProcess {

  public static final String KEY = "batch";

  private BatchProcess() {}

  /** The business key of a batch's instance. */
  static String businessKey(long batchId) {
    return "batch-" + batchId;
  }

  /** Message names. */
  public static final class Messages {
    /** An operator resumed the paused batch. */
    public static final String RESUMED = "BatchResumed";
    /** An operator cancelled the paused batch. */
    public static final String CANCELLED = "BatchCancelled";

    private Messages() {}
  }

  /** Element ids. */
  public static final class Elements {
    public static final String START = "BatchReceived";
    public static final String CONTINUE = "ContinueSending";
    public static final String SEND_CHUNK = "SendChunk";
    public static final String CHUNK_SENT = "ChunkSent";
    public static final String PAUSED = "Paused";
    public static final String RESUMED = "Resumed";
    public static final String CANCELLED_WHILE_PAUSED = "CancelledWhilePaused";
    public static final String CHECK_AGAIN = "CheckAgain";
    public static final String FINISH_BATCH = "FinishBatch";
    public static final String BATCH_SENT = "BatchSent";
    public static final String BATCH_CANCELLED = "BatchCancelledEnd";

    private Elements() {}
  }

  /** Variable names. */
  public static final class Variables {
    /** The batch's id (table {@code batch_send}). */
    public static final String BATCH_ID = "batchId";
    /** What the last chunk left: {@link Dispatch}'s value. */
    public static final String DISPATCH = "dispatch";

    private Variables() {}
  }

  /** Where a chunk left the batch; the gateway after {@code SendChunk} reads its value. */
  public enum Dispatch {
    /** Recipients still queued: another chunk. */
    MORE("more"),
    /** Paused by an operator: wait for resume or cancel. */
    PAUSED("paused"),
    /** Cancelled: the recipients not yet handled were marked cancelled. */
    CANCELLED("cancelled"),
    /** Every recipient handled (sent, failed or refused). */
    DONE("done");

    private final String value;

    Dispatch(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }
}
