package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.whatsapp.GraphApiException;
import io.atende.whatsapp.GraphApiStub.Reply;
import io.atende.whatsapp.GraphStubbedTest;
import io.atende.whatsapp.SignedWebhook;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class PermanentFailuresRaiseIncidentsTest extends GraphStubbedTest {

  private static final Duration STEP = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;

  @Test
  void botSendWhatsAppRefusesForGoodRaisesAnIncidentAtOnceAndRunsAgainWhenAnOperatorRetriesIt() {
    String waId = "5531977770001";
    graph.script(waId, Reply.graphError(401, 190, "Error validating access token: Session has expired", null));
    new SignedWebhook(port).post(SignedWebhook.text(waId, "Cliente", "wamid.TOKEN_EXPIRED_1", "oi", Instant.now().getEpochSecond()));
    Job greeting = await().atMost(STEP).until(() -> nextJob(waId), j -> j != null);

    assertThatThrownBy(() -> management.executeJob(greeting.getId())).isInstanceOf(GraphApiException.class);

    assertThat(management.createJobQuery().jobId(greeting.getId()).singleResult().getRetries()).as("no automatic retry").isZero();
    Incident incident = runtime.createIncidentQuery().configuration(greeting.getId())
        .processInstanceId(greeting.getProcessInstanceId()).singleResult();
    assertThat(incident.getIncidentMessage()).contains("190");
    assertThat(graph.sendsTo(waId)).hasSize(1);

    management.setJobRetries(greeting.getId(), 1); // Cockpit's "retry", once the token is renewed
    management.executeJob(greeting.getId());

    assertThat(runtime.createIncidentQuery().incidentId(incident.getId()).count()).isZero();
    assertThat(graph.sendsTo(waId)).hasSize(2);
    Job menu = nextJob(waId);
    assertThat(menu.getId()).as("the journey went on to the menu").isNotEqualTo(greeting.getId());
  }

  private Job nextJob(String waId) {
    return customers.findByWaId(waId)
        .flatMap(c -> conversations.findOpen(c.id(), NUMBER))
        .filter(c -> c.processInstanceId() != null)
        .map(c -> {
          // the journey's own jobs, or those of the question it called ("Perguntar e aguardar resposta")
          java.util.List<String> instances = new java.util.ArrayList<>(java.util.List.of(c.processInstanceId()));
          runtime.createProcessInstanceQuery().superProcessInstanceId(c.processInstanceId()).list()
              .forEach(child -> instances.add(child.getId()));
          return instances.stream().map(id -> management.createJobQuery().processInstanceId(id).messages().singleResult())
              .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        })
        .orElse(null);
  }

  @Test
  void outagesKeepTheirRetryCycle() {
    GraphApiException outage = new GraphApiException(503, 131016, "Service unavailable", null, null, true, null);
    GraphApiException refusal = new GraphApiException(400, 131026, "Message undeliverable", null, null, false, null);

    assertThat(PermanentFailuresRaiseIncidents.worthRetrying(outage)).isTrue();
    assertThat(PermanentFailuresRaiseIncidents.worthRetrying(new IllegalStateException("database down"))).isTrue();
    assertThat(PermanentFailuresRaiseIncidents.worthRetrying(refusal)).isFalse();
    assertThat(PermanentFailuresRaiseIncidents.worthRetrying(new ProcessEngineException("wrapped", refusal))).isFalse();
  }
}
