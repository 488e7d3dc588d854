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
}
