package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A person's change is written before its answer leaves; reads, the webhook and the simulator are not held. */
class DurableAnswersTest {

  private final List<String> seenAtFlush = new ArrayList<>();
  private MockHttpServletResponse response;
  private final DurableAnswers filter = new DurableAnswers(new AccessRules("/camunda", "/engine-rest"),
      () -> seenAtFlush.add(new String(response.getContentAsByteArray(), java.nio.charset.StandardCharsets.UTF_8)));

  @Test
  void theAnswerToAChangeLeavesOnlyAfterTheFlush() throws Exception {
    run("POST", "/engine-rest/task/42/complete");
    assertThat(seenAtFlush).as("flushed once, while the client had nothing yet").containsExactly("");
    assertThat(response.getContentAsString()).isEqualTo("done");

    run("PUT", "/api/agents/ana");
    run("DELETE", "/api/batches/7");
    assertThat(seenAtFlush).hasSize(3);
  }

  @Test
  void readsTheWebhookAndTheSimulatorAreNotHeld() throws Exception {
    run("GET", "/api/conversations/1");
    run("POST", "/webhooks/whatsapp");
    run("POST", "/simulator/graph/v23.0/1/messages");
    run("POST", "/engine-rest/external-task/fetchAndLock");
    assertThat(seenAtFlush).isEmpty();
  }

  private void run(String method, String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setServletPath(path);
    response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
      @Override
      protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
          throws java.io.IOException {
        res.getWriter().write("done");
      }
    }));
  }
}
