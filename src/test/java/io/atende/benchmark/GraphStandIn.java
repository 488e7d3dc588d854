package io.atende.benchmark;

import java.util.List;

/** The Graph API stand-in a benchmark sends to: where it answers, and what reached it. */
interface GraphStandIn extends AutoCloseable {

  String baseUrl();

  /** Forgets the arrivals and send keys seen so far. */
  void clear();

  /** When each request arrived ({@link System#nanoTime()} of the stand-in's process), in no particular order. */
  List<Long> arrivals();

  /** Distinct send keys (Meta's {@code biz_opaque_callback_data}) seen. */
  int sendKeys();

  /** Send keys that arrived more than once: messages sent twice. */
  long duplicateSends();

  @Override
  void close();
}
