package io.atende.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * A person's change is on disk before they are told it is done. On the embedded H2 in its default durability
 * ({@code atende.h2.durable-mode=acknowledgements}) other commits reach the database file up to half a second later,
 * so a crash could undo a task an agent had just completed in Tasklist or a protocol they had just closed on the desk,
 * after the page said it was done. For every request that may change something (not GET, HEAD or OPTIONS) the answer
 * is held until {@link DurableAcknowledgements#flush()} has written what was committed, then sent. The webhook writes
 * its own (before its 200), the simulator is Meta's side, and Camunda's long-polling {@code fetchAndLock} answers
 * asynchronously and changes nothing until it answers. With PostgreSQL or {@code every-commit} there is nothing to do
 * and the filter is not installed.
 */
class DurableAnswers extends OncePerRequestFilter {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final AccessRules rules;
  private final Runnable flush;

  DurableAnswers(AccessRules rules, Runnable flush) {
    this.rules = rules;
    this.flush = flush;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    return SAFE.contains(request.getMethod()) || rules.isWebhook(path) || path.startsWith("/simulator/")
        || path.endsWith("/external-task/fetchAndLock");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
    try {
      chain.doFilter(request, held);
    } finally {
      if (!request.isAsyncStarted()) {
        flush.run();
        held.copyBodyToResponse();
      }
    }
  }
}
