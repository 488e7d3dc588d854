package io.atende.benchmark;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the CPU of a measured run went: the service's webhook, inbound lanes, job executor and other threads, the
 * benchmark's own load (senders, the Graph API stand-in, the main thread polling for progress) and the JVM's own
 * threads, which no Java thread accounts for: the JIT compiler and the garbage collector (told apart on Linux,
 * from {@code /proc}; elsewhere one remainder).
 */
final class CpuSplit {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long NANOS_PER_TICK = 10_000_000L;
  /** CPU of benchmark threads that end before the split is read (a run's senders). */
  private static final AtomicLong ENDED_BENCHMARK_THREADS = new AtomicLong();

  private final Map<Long, Long> before = javaThreads();
  private final Map<String, Long> jvmBefore = jvmThreadTicks();
  private final long processBefore = processCpu();

  CpuSplit() {
    ENDED_BENCHMARK_THREADS.set(0);
  }

  /** Adds the calling benchmark thread's CPU; its last step. */
  static void countEndingBenchmarkThread() {
    ENDED_BENCHMARK_THREADS.addAndGet(THREADS.getCurrentThreadCpuTime());
  }

  /** The process's CPU nanoseconds since the split was made, in all and by part. */
  record Used(long total, Map<String, Long> parts) {}

  Used since() {
    long total = processCpu() - processBefore;
    Map<String, Long> parts = new LinkedHashMap<>();
    for (String part : new String[] {"webhook", "inbound lanes", "job executor", "other service threads", "benchmark"}) {
      parts.put(part, 0L);
    }
    long accounted = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      long cpu = info == null ? -1 : THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        long used = cpu - before.getOrDefault(info.getThreadId(), 0L);
        parts.merge(part(info.getThreadName()), used, Long::sum);
        accounted += used;
      }
    }
    parts.merge("benchmark", ENDED_BENCHMARK_THREADS.get(), Long::sum);
    accounted += ENDED_BENCHMARK_THREADS.get();
    parts.put("JIT compiler", 0L);
    parts.put("GC", 0L);
    for (Map.Entry<String, Long> thread : jvmThreadTicks().entrySet()) {
      long used = (thread.getValue() - jvmBefore.getOrDefault(thread.getKey(), 0L)) * NANOS_PER_TICK;
      parts.merge(thread.getKey().substring(0, thread.getKey().indexOf('/')), used, Long::sum);
      accounted += used;
    }
    parts.put("other JVM", Math.max(0, total - accounted));
    return new Used(total, parts);
  }

  static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static String part(String thread) {
    if (thread.startsWith("http-nio")) {
      return "webhook";
    }
    if (thread.startsWith("inbound-lane")) {
      return "inbound lanes";
    }
    if (thread.startsWith("camundaTaskExecutor") || thread.startsWith("JobExecutor")) {
      return "job executor";
    }
    if (thread.startsWith("bench-") || thread.startsWith("graph-sink") || thread.equals("HTTP-Dispatcher") || thread.equals("main")) {
      return "benchmark";
    }
    return "other service threads";
  }

  private static Map<Long, Long> javaThreads() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      cpu.put(id, THREADS.getThreadCpuTime(id));
    }
    return cpu;
  }

  /**
   * Linux: CPU clock ticks of the JVM's compiler and collector threads, by thread (their names, in {@code /proc}); the
   * JVM stops idle compiler threads, so a sum over the live ones could shrink.
   */
  private static Map<String, Long> jvmThreadTicks() {
    Map<String, Long> ticks = new HashMap<>();
    File[] tasks = new File("/proc/self/task").listFiles();
    for (File task : tasks == null ? new File[0] : tasks) {
      try {
        String stat = Files.readString(task.toPath().resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        String kind = name.contains("CompilerThre") ? "JIT compiler" : name.startsWith("GC Thread") || name.startsWith("G1 ") ? "GC" : null;
        if (kind != null) {
          ticks.put(kind + "/" + task.getName(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        }
      } catch (IOException | RuntimeException e) {
        // the thread ended while it was read
      }
    }
    return ticks;
  }
}
