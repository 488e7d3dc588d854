package io.atende.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The Linux nice value (-20..19) of the thread an executor runs its tasks on, read from /proc. */
public final class ThreadNice {

  private ThreadNice() {}

  public record Priority(int java, int nice) {}

  public static Priority onThreadOf(Executor executor) {
    return CompletableFuture.supplyAsync(() -> new Priority(Thread.currentThread().getPriority(), current()), executor).join();
  }

  static int current() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      // fields after the command name in parentheses: state is field 3, nice is field 19
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Integer.parseInt(fields[16]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
