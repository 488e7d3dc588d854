package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:simulator-disabled-test;DB_CLOSE_DELAY=-1",
        "atende.simulator.enabled=false",
        // production: the service refuses to start with the shipped secrets (ProductionDefaults)
        "atende.whatsapp.app-secret=a-secret-of-this-test",
        "atende.whatsapp.verify-token=a-verify-token-of-this-test",
        "camunda.bpm.admin-user.password=an-admin-password-of-this-test",
    })
class SimulatorDisabledTest {

  @LocalServerPort
  int port;

  @Autowired
  ApplicationContext context;

  @Test
  void disabledSimulatorHasNoEndpoints() {
    TestHttp http = new TestHttp(port);

    assertThat(http.postJson("/simulator/graph/v24.0/106540352242922/messages", TestHttp.TOKEN,
        "{\"messaging_product\":\"whatsapp\",\"to\":\"5511911110099\",\"text\":{\"body\":\"oi\"}}").status())
        .isEqualTo(404);
    assertThat(http.get("/simulator/graph/v24.0/102290129340398/message_templates", TestHttp.TOKEN).status())
        .isEqualTo(404);
    assertThat(http.get("/simulator/api/customers", null).status()).isEqualTo(404);
    assertThat(http.postJson("/simulator/api/customers/5511911110099/messages", null, "{\"text\":\"oi\"}").status())
        .isEqualTo(404);
    assertThat(http.get("/simulator", null).status()).isEqualTo(404);
    assertThat(http.get("/simulator/assets/simulator.js", null).status()).isEqualTo(404);
    assertThat(context.getBeansOfType(WebhookClient.class)).isEmpty();
  }

  @Test
  void withoutTheSimulatorTheDemoAgentsDoNotExist() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    java.util.function.BiFunction<String, String, Integer> me = (user, password) -> {
      try {
        return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/me"))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes()))
            .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };

    assertThat(me.apply("ana", "ana")).isEqualTo(401);
    assertThat(me.apply("bruno", "bruno")).isEqualTo(401);
    assertThat(me.apply("carla", "carla")).isEqualTo(401);
    assertThat(me.apply("admin", "admin")).isEqualTo(401);
    assertThat(me.apply("admin", "an-admin-password-of-this-test")).isEqualTo(200);
  }
}
