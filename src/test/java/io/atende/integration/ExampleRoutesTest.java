package io.atende.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The two examples of routes/examples as routes, with their outside world replaced (AdviceWith): what crm-webhook
 * sends the CRM for each kind of event, and how erp-notify turns the command's outcome or refusal into its HTTP answer.
 * ExamplesTest runs them against a real CRM server and the simulator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:integration-example-routes;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "camel.main.routes-include-pattern=file:routes/*.yaml,file:routes/examples/crm-webhook.yaml,file:routes/examples/erp-notify.yaml",
    "atende.examples.crm-url=http://127.0.0.1:9/never-called"})
class ExampleRoutesTest {

  static final String CRM_EVENTS = "direct:atende-events-crm-webhook";

  @Autowired CamelContext camel;
  @Autowired ProducerTemplate producer;
  @Autowired TestRestTemplate rest;

  @BeforeEach
  void adviseOnce() throws Exception {
    if (camel.hasEndpoint("mock:crm") != null) {
      MockEndpoint.resetMocks(camel);
      return;
    }
    AdviceWith.adviceWith(camel, "example-crm-webhook", route -> route.weaveByType(org.apache.camel.model.ToDefinition.class).replace().to("mock:crm"));
    AdviceWith.adviceWith(camel, "example-erp-notify", route -> route.weaveByToUri(AtendeCommands.SEND_TEMPLATE).replace()
        .process(exchange -> {
          JsonNode command = IntegrationEvents.JSON.readTree(exchange.getIn().getBody(String.class));
          exchange.setProperty("command", command);
          if ("999".equals(command.path("phoneNumberId").asText())) {
            throw new AtendeCommands.CommandRefusedException("UNKNOWN_NUMBER", "phoneNumberId is not one of the company's WhatsApp numbers");
          }
          exchange.getIn().setBody(new AtendeCommands.Outcome("SENT", "20261206-000042", null, null, null, "Template enviado."));
        }).to("mock:send-template"));
  }

  @Test
  void crmWebhookPostsOnlyCustomerMessagesAsTheyAreWithTheEventIdAsIdempotencyKey() throws Exception {
    MockEndpoint crm = camel.getEndpoint("mock:crm", MockEndpoint.class);
    crm.expectedMessageCount(1);
    NotifyBuilder done = new NotifyBuilder(camel).fromRoute("example-crm-webhook").whenDone(3).create();
    String message = "{\"type\":\"customer-message.received\",\"version\":1,\"id\":\"e-1\",\"data\":{\"text\":\"oi\"}}";

    producer.sendBodyAndHeaders(CRM_EVENTS, message, Map.of(EventDrainer.TYPE, "customer-message.received", EventDrainer.ID, "e-1"));
    producer.sendBodyAndHeaders(CRM_EVENTS, "{}", Map.of(EventDrainer.TYPE, "message-status.changed", EventDrainer.ID, "e-2"));
    producer.sendBodyAndHeaders(CRM_EVENTS, "{}", Map.of(EventDrainer.TYPE, "protocol.opened", EventDrainer.ID, "e-3"));

    assertThat(done.matches(20, TimeUnit.SECONDS)).as("the route took the three events").isTrue();
    crm.assertIsSatisfied(Duration.ofSeconds(5).toMillis());
    var sent = crm.getReceivedExchanges().get(0).getIn();
    assertThat(sent.getBody(String.class)).isEqualTo(message);
    assertThat(sent.getHeader("Idempotency-Key")).isEqualTo("e-1");
    assertThat(sent.getHeader("CamelHttpMethod")).isEqualTo("POST");
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void erpNotifyHandsTheBodyToTheTemplateCommandAndAnswersItsOutcomeOrAProblem() {
    MockEndpoint sendTemplate = camel.getEndpoint("mock:send-template", MockEndpoint.class);
    Map<String, Object> body = Map.of("phoneNumberId", "106540352242922", "phone", "+55 11 98765-4321", "template", "recontato",
        "language", "pt_BR", "variables", java.util.List.of("Maria"));

    assertThat(rest.exchange("/integrations/erp/notify", HttpMethod.POST, json(body), String.class).getStatusCode())
        .as("anonymous").isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<JsonNode> sent = rest.withBasicAuth("ana", "ana")
        .exchange("/integrations/erp/notify", HttpMethod.POST, json(body), JsonNode.class);
    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(sent.getHeaders().getContentType().toString()).contains("application/json");
    assertThat(sent.getBody().path("outcome").asText()).isEqualTo("SENT");
    assertThat(sent.getBody().path("protocol").asText()).isEqualTo("20261206-000042");
    JsonNode command = sendTemplate.getReceivedExchanges().get(0).getProperty("command", JsonNode.class);
    assertThat(command.path("template").asText()).isEqualTo("recontato");
    assertThat(command.path("variables").get(0).asText()).isEqualTo("Maria");

    ResponseEntity<JsonNode> refused = rest.withBasicAuth("ana", "ana").exchange("/integrations/erp/notify", HttpMethod.POST,
        json(Map.of("phoneNumberId", "999", "phone", "11987654321", "template", "recontato", "language", "pt_BR")), JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(refused.getBody().path("reason").asText()).isEqualTo("UNKNOWN_NUMBER");
  }

  private static HttpEntity<Object> json(Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }
}
