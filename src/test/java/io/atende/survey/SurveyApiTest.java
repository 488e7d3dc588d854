package io.atende.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atende.conversation.ConversationStore;
import io.atende.conversation.CustomerStore;
import io.atende.survey.SurveyRecords.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;
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
 * {@code /api/surveys} over HTTP as the users would call it: settings for administrators and supervisors only, with
 * each kind's defaults and clear refusals; results for anyone, with the three scores on known data, per number, agent
 * and queue, and as CSV.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:survey-api;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.whatsapp.numbers[0].phone-number-id=" + SurveyApiTest.NUMBER,
    "atende.whatsapp.numbers[0].display-phone-number=5511940000000",
    "atende.whatsapp.numbers[1].phone-number-id=" + SurveyApiTest.OTHER,
    "atende.whatsapp.numbers[1].display-phone-number=5511950000000",
    "atende.whatsapp.numbers[2].phone-number-id=" + SurveyApiTest.THIRD,
    "atende.whatsapp.numbers[2].display-phone-number=5511960000000"})
class SurveyApiTest {

  static final String NUMBER = "106540352242922";
  static final String OTHER = "106540352242999";
  /** Only results are written on this number (the settings tests change the others). */
  static final String THIRD = "106540352242777";

  @Autowired TestRestTemplate rest;
  @Autowired SurveyRecords records;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;

  @Test
  void settingsAreForAdministratorsAndSupervisorsWithTheDefaultsOfEachKind() {
    ResponseEntity<JsonNode> agent = rest.withBasicAuth("ana", "ana").getForEntity("/api/surveys/settings/" + NUMBER, JsonNode.class);
    assertThat(agent.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(agent.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    ResponseEntity<JsonNode> agentPut = put("ana", NUMBER, "{\"enabled\":true}");
    assertThat(agentPut.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    JsonNode defaults = rest.withBasicAuth("carla", "carla").getForObject("/api/surveys/settings/" + NUMBER, JsonNode.class);
    assertThat(defaults.path("enabled").asBoolean()).as("not enabled unless configured").isFalse();
    assertThat(defaults.path("kind").asText()).isEqualTo("CSAT");
    assertThat(defaults.path("delay").asText()).isEqualTo("PT30M");
    assertThat(defaults.path("answerTimeout").asText()).isEqualTo("PT24H");
    assertThat(defaults.path("maxReasks").asInt()).isEqualTo(2);
    assertThat(defaults.path("question").asText()).contains("de 1 (muito insatisfeito) a 5 (muito satisfeito)");
    assertThat(defaults.path("expectedAnswers").path("ótimo").asInt()).isEqualTo(5);
    assertThat(defaults.path("outsideWindow").asText()).isEqualTo("TEMPLATE");
    assertThat(defaults.path("template").path("name").asText()).isEqualTo("pesquisa_satisfacao");
    assertThat(defaults.path("customized").asBoolean()).isFalse();

    ResponseEntity<JsonNode> nps = put("carla", NUMBER, "{\"enabled\":true,\"kind\":\"NPS\",\"delay\":\"PT1H\",\"maxReasks\":1}");
    assertThat(nps.getStatusCode()).as(String.valueOf(nps.getBody())).isEqualTo(HttpStatus.OK);
    JsonNode saved = rest.withBasicAuth("admin", "admin").getForObject("/api/surveys/settings/" + NUMBER, JsonNode.class);
    assertThat(saved.path("enabled").asBoolean()).isTrue();
    assertThat(saved.path("kind").asText()).isEqualTo("NPS");
    assertThat(saved.path("scale").path("min").asInt()).isZero();
    assertThat(saved.path("scale").path("max").asInt()).isEqualTo(10);
    assertThat(saved.path("delay").asText()).isEqualTo("PT1H");
    assertThat(saved.path("maxReasks").asInt()).isEqualTo(1);
    assertThat(saved.path("question").asText()).as("the NPS default").contains("escala de 0 a 10");
    assertThat(saved.path("answerTimeout").asText()).isEqualTo("PT24H");
    assertThat(saved.path("customized").asBoolean()).isTrue();

    ResponseEntity<JsonNode> csat = put("admin", NUMBER, """
        {"kind":"CSAT","question":"De 1 a 5, que nota você dá?","expectedAnswers":{"ótimo":5,"😍":5,"horrível":1},
         "feedbackQuestion":"","thanks":"Valeu!","answerTimeout":"PT2H","outsideWindow":"SKIP"}""");
    assertThat(csat.getStatusCode()).as(String.valueOf(csat.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(csat.getBody().path("enabled").asBoolean()).as("omitted: as it was").isTrue();
    assertThat(csat.getBody().path("expectedAnswers").size()).isEqualTo(3);
    assertThat(csat.getBody().path("feedbackQuestion").asText()).as("no feedback question").isEmpty();
    assertThat(csat.getBody().path("delay").asText()).as("omitted: the default again").isEqualTo("PT30M");
    assertThat(csat.getBody().path("outsideWindow").asText()).isEqualTo("SKIP");

    List<JsonNode> all = list(rest.withBasicAuth("carla", "carla").getForObject("/api/surveys/settings", JsonNode.class));
    assertThat(all).extracting(n -> n.path("phoneNumberId").asText()).contains(NUMBER, OTHER);
  }

  @Test
  void badSettingsAreProblemsNamingTheFieldAndChangeNothing() {
    assertBad(put("admin", OTHER, "{\"kind\":\"XYZ\"}"), "kind");
    assertBad(put("admin", OTHER, "{\"delay\":\"30 minutos\"}"), "delay");
    assertBad(put("admin", OTHER, "{\"delay\":\"P30D\"}"), "delay");
    assertBad(put("admin", OTHER, "{\"answerTimeout\":\"PT0S\"}"), "answerTimeout");
    assertBad(put("admin", OTHER, "{\"kind\":\"CSAT\",\"expectedAnswers\":{\"top\":9}}"), "expectedAnswers");
    assertBad(put("admin", OTHER, "{\"maxReasks\":-1}"), "maxReasks");
    assertBad(put("admin", OTHER, "{\"question\":\"  \"}"), "question");
    assertBad(put("admin", OTHER, "{\"outsideWindow\":\"NUNCA\"}"), "outsideWindow");
    assertBad(put("admin", OTHER, "{\"template\":{\"name\":\"nao_existe\",\"language\":\"pt_BR\"}}"), "template");
    ResponseEntity<JsonNode> notJson = put("admin", OTHER, "{enabled: sim");
    assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<JsonNode> unknown = put("admin", "999", "{\"enabled\":true}");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    JsonNode unchanged = rest.withBasicAuth("admin", "admin").getForObject("/api/surveys/settings/" + OTHER, JsonNode.class);
    assertThat(unchanged.path("customized").asBoolean()).isFalse();
  }

  @Test
  void resultsGiveTheStandardScoresAndAnswerRatesPerNumberAgentAndQueueAndAsCsv() {
    // CSAT by ana in comercial: 5, 4, 3, 1 and one unanswered -> 50 % (2 of 4), 80 % answered
    for (Integer score : new Integer[] {5, 4, 3, 1, null}) {
      String comment = score == null ? null : score == 5 ? "Muito bom" : score == 4 ? "=1+1; \"ótimo\"" : null;
      survey(SurveyKind.CSAT, "ana", "comercial", score, comment, Instant.now());
    }
    // NPS by bruno in suporte: 10, 10, 9, 7, 3 -> 60 % promoters - 20 % detractors = 40
    for (int score : new int[] {10, 10, 9, 7, 3}) {
      survey(SurveyKind.NPS, "bruno", "suporte", score, null, Instant.now());
    }
    // CES by carla in atendimento: 7, 5, 6 -> 6.0
    for (int score : new int[] {7, 5, 6}) {
      survey(SurveyKind.CES, "carla", "atendimento", score, null, Instant.now());
    }
    // outside the period (default: the last 30 days)
    survey(SurveyKind.CSAT, "ana", "comercial", 1, null, Instant.now().minus(Duration.ofDays(40)));

    List<JsonNode> byAgent = list(results("ana", "groupBy=agent").path("groups"));
    JsonNode ana = group(byAgent, "ana", "CSAT");
    assertThat(ana.path("sent").asInt()).isEqualTo(5);
    assertThat(ana.path("answered").asInt()).isEqualTo(4);
    assertThat(ana.path("answerRate").asDouble()).isEqualTo(80.0);
    assertThat(ana.path("score").asDouble()).isEqualTo(50.0);
    assertThat(ana.path("distribution").path("1").asInt()).isEqualTo(1);
    JsonNode bruno = group(byAgent, "bruno", "NPS");
    assertThat(bruno.path("sent").asInt()).isEqualTo(5);
    assertThat(bruno.path("score").asDouble()).isEqualTo(40.0);
    assertThat(group(byAgent, "carla", "CES").path("score").asDouble()).isEqualTo(6.0);

    List<JsonNode> byQueue = list(results("bruno", "groupBy=queue").path("groups"));
    assertThat(group(byQueue, "comercial", "CSAT").path("score").asDouble()).isEqualTo(50.0);
    assertThat(group(byQueue, "suporte", "NPS").path("score").asDouble()).isEqualTo(40.0);

    List<JsonNode> byNumber = list(results("carla", "groupBy=number").path("groups"));
    assertThat(byNumber.stream().filter(g -> g.path("group").asText().equals(THIRD))).hasSize(3);
    assertThat(group(byNumber, THIRD, "CSAT").path("sent").asInt()).isEqualTo(5);

    String longAgo = Instant.now().minus(Duration.ofDays(41)).toString();
    String before = Instant.now().minus(Duration.ofDays(39)).toString();
    JsonNode old = results("ana", "groupBy=agent&from=" + longAgo + "&to=" + before);
    assertThat(group(list(old.path("groups")), "ana", "CSAT").path("score").asDouble()).isEqualTo(0.0);

    ResponseEntity<JsonNode> badGroup = rest.withBasicAuth("ana", "ana").getForEntity("/api/surveys/results?groupBy=day", JsonNode.class);
    assertThat(badGroup.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badGroup.getBody().path("field").asText()).isEqualTo("groupBy");
    ResponseEntity<JsonNode> badDate = rest.withBasicAuth("ana", "ana").getForEntity("/api/surveys/results?from=ontem", JsonNode.class);
    assertThat(badDate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(rest.getForEntity("/api/surveys/results", String.class).getStatusCode()).as("anonymous").isEqualTo(HttpStatus.UNAUTHORIZED);

    ResponseEntity<String> csv = rest.withBasicAuth("ana", "ana").getForEntity("/api/surveys/results?groupBy=agent&format=csv", String.class);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getBody()).contains("grupo;tipo;enviadas;respondidas;taxa_de_resposta;nota").contains("ana;CSAT;5;4;80,0;50,0")
        .contains("bruno;NPS;5;5;100,0;40,0").contains("carla;CES;3;3;100,0;6,0");
    ResponseEntity<String> answers = rest.withBasicAuth("ana", "ana").getForEntity("/api/surveys/answers?format=csv", String.class);
    assertThat(answers.getBody()).contains("protocolo;numero;agente").contains("Muito bom")
        .as("a formula is text in a spreadsheet; separators and quotes are quoted").contains(";\"'=1+1; \"\"ótimo\"\"\";");
  }

  private void survey(SurveyKind kind, String agent, String queue, Integer score, String comment, Instant sentAt) {
    long customer = customers.findOrCreateByWaId("55119" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999), "Cliente").id();
    var conversation = conversations.open(customer, THIRD);
    String protocol = "20261206-" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    conversations.setProtocol(conversation.id(), protocol);
    String process = "test-" + conversation.id();
    records.sent(new Service(process, conversation.id(), protocol, customer, THIRD, agent, queue, kind), "TEXT", sentAt);
    if (score != null) {
      records.answered(process, score, String.valueOf(score), sentAt.plusSeconds(60));
    }
    if (comment != null) {
      records.commented(process, comment);
    }
  }

  private JsonNode results(String user, String query) {
    ResponseEntity<JsonNode> response = rest.withBasicAuth(user, user).getForEntity("/api/surveys/results?" + query, JsonNode.class);
    assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  private static JsonNode group(List<JsonNode> groups, String group, String kind) {
    return groups.stream().filter(g -> g.path("group").asText().equals(group) && g.path("kind").asText().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no group " + group + "/" + kind + " in " + groups));
  }

  private static List<JsonNode> list(JsonNode array) {
    return new ArrayList<>(StreamSupport.stream(array.spliterator(), false).toList());
  }

  private ResponseEntity<JsonNode> put(String user, String number, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.withBasicAuth(user, user).exchange("/api/surveys/settings/" + number, HttpMethod.PUT, new HttpEntity<>(json, headers),
        JsonNode.class);
  }

  private static void assertBad(ResponseEntity<JsonNode> response, String field) {
    assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().path("field").asText()).isEqualTo(field);
    assertThat(response.getBody().path("detail").asText()).isNotBlank();
  }

}
