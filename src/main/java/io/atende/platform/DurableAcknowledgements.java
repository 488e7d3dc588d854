package io.atende.platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jakarta.annotation.PreDestroy;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes to the database file what the outside world is about to be told or sent: the webhook's notifications before
 * it answers Meta 200, a send's record (its send key) before the message leaves for the Graph API, integration events
 * before a route delivers them. With {@code atende.h2.durable-mode=acknowledgements} (the default, see README) H2 keeps
 * its lazy writer for every other commit and these callers ask for a {@code CHECKPOINT}, which writes every commit made
 * so far (see {@link H2DurableCommits}). PostgreSQL commits durably on its own, and so does H2 in {@code every-commit}
 * mode ({@code WRITE_DELAY 0}): nothing to do there.
 */
@Component
public class DurableAcknowledgements {

  private final JdbcTemplate jdbc;
  private final boolean checkpoint;
  private final boolean h2;

  DurableAcknowledgements(DataSource dataSource, @Value("${atende.h2.durable-commits:true}") boolean durable,
      @Value("${atende.h2.durable-mode:acknowledgements}") String mode) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.h2 = Databases.isH2(dataSource);
    this.checkpoint = h2 && durable && "acknowledgements".equals(mode);
  }

  /** Whether the database is the embedded H2 (one node, whose MERGE does not wait for a concurrent insert). */
  public boolean embeddedH2() {
    return h2;
  }

  /** Whether {@link #flush()} writes anything (H2 in acknowledgement mode). */
  public boolean checkpointing() {
    return checkpoint;
  }

  /**
   * Writes what is committed to the database file (H2 in acknowledgement mode); nothing to do otherwise. Callers that
   * come together share one {@code CHECKPOINT}, run by one writer thread: a checkpoint writes every commit made before
   * it started, so a caller waits for the first one that starts after its call (the one running may have started
   * before its commit). A checkpoint per caller (each send and each webhook group) queued them behind each other; a
   * caller running the checkpoint for the others (often a send thread at the lowest priority) made the webhook wait
   * seconds behind the background work (ack p99 2.4 s in the benchmark).
   */
  public void flush() {
    if (!checkpoint) {
      return;
    }
    CompletableFuture<Void> written;
    synchronized (this) {
      if (stopped) {
        throw new IllegalStateException("The service is stopping: the database file is not written any more");
      }
      if (writer == null || !writer.isAlive()) {
        // normal priority, not a background thread's: the webhook waits for it (a send thread running the checkpoint at
        // nice 19 made the webhook wait behind the background work)
        writer = new Thread(this::writeWhenAsked, "h2-checkpoint");
        writer.setDaemon(true);
        writer.start();
      }
      written = next;
      asked = true;
      this.notifyAll();
    }
    try {
      // bounded: a caller (the webhook: Meta sends the notification again after a 5xx) fails rather than hangs
      written.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the database file to be written", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("The database file was not written within " + WAIT.toSeconds() + " s", e);
    }
  }

  /** The writer thread: one checkpoint for everyone who asked since the last one began. */
  private void writeWhenAsked() {
    while (!Thread.currentThread().isInterrupted()) {
      CompletableFuture<Void> round;
      synchronized (this) {
        while (!asked) {
          try {
            this.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        asked = false;
        round = next;
        // who asks from now on waits for the next checkpoint: this one may start before their commit
        next = new CompletableFuture<>();
      }
      try {
        runCheckpoint();
        round.complete(null);
      } catch (Throwable e) {
        // an Error too: who waits for this round must hear of it; the next caller starts a new writer if this one died
        round.completeExceptionally(e);
        if (e instanceof Error error) {
          throw error;
        }
      }
    }
  }

  void runCheckpoint() {
    jdbc.execute("CHECKPOINT");
  }

  @PreDestroy
  void stop() {
    Thread running;
    synchronized (this) {
      stopped = true;
      running = writer;
      // who still waits hears it now rather than after the bound
      next.completeExceptionally(new IllegalStateException("The service is stopping: the database file is not written any more"));
    }
    if (running != null) {
      running.interrupt();
    }
  }

  private CompletableFuture<Void> next = new CompletableFuture<>();
  private boolean asked;
  private boolean stopped;
  private Thread writer;
  /** The longest a caller waits for its checkpoint. */
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(60);
}
