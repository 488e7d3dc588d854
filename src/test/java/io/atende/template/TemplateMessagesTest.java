package io.atende.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.atende.template.TemplateProblemException.Problem;
import io.atende.whatsapp.GraphJson;
import io.atende.whatsapp.MessageTemplate.Button;
import io.atende.whatsapp.MessageTemplate.Component;
import io.atende.whatsapp.MessageType;
import io.atende.whatsapp.OutboundMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every rule of sending a template, and the Cloud API content it yields. */
class TemplateMessagesTest {

  private final TemplateRegistry registry = mock(TemplateRegistry.class);
  private final TemplatesProperties properties = new TemplatesProperties(true, texts());
  private final TemplateMessages messages = new TemplateMessages(registry, properties);
  private final List<TemplateRecord> templates = new ArrayList<>();

  @BeforeEach
  void registry() {
    when(registry.byName(org.mockito.ArgumentMatchers.anyString())).thenAnswer(call -> templates.stream()
        .filter(t -> t.name().equals(call.getArgument(0))).toList());
  }

  // ---- the template itself ----

  @Test
  void anUnknownTemplateIsRefusedByName() {
    TemplateProblemException e = refused(TemplateMessages.Request.of("nao_existe", "pt_BR", List.of()));

    assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_TEMPLATE);
    assertThat(e.getMessage()).isEqualTo("O modelo nao_existe não existe.");
    assertThat(e.details()).containsEntry("template", "nao_existe");
  }

  @Test
  void aTemplateInAnotherLanguageOnlyIsRefusedNamingTheLanguagesItHas() {
    add(template("aviso", "en_US", "APPROVED", "POSITIONAL", body("Hello, your order is on its way today.")));
    add(template("aviso", "es", "APPROVED", "POSITIONAL", body("Hola, su pedido sale hoy mismo.")));

    TemplateProblemException e = refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of()));

    assertThat(e.problem()).isEqualTo(Problem.LANGUAGE_NOT_AVAILABLE);
    assertThat(e.getMessage()).isEqualTo("O modelo aviso não existe no idioma pt_BR; idiomas disponíveis: en_US, es.");
  }

  @Test
  void aTemplateThatIsNotApprovedIsRefusedWithItsStatus() {
    for (String status : List.of("PENDING", "REJECTED", "PAUSED", "DISABLED")) {
      templates.clear();
      add(template("aviso", "pt_BR", status, "POSITIONAL", body("Seu pedido saiu para entrega hoje.")));

      TemplateProblemException e = refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of()));

      assertThat(e.problem()).isEqualTo(Problem.NOT_APPROVED);
      assertThat(e.details()).containsEntry("status", status);
      assertThat(e.getMessage()).startsWith("O modelo aviso (pt_BR) não pode ser enviado: está ")
          .endsWith(properties.texts().statusLabel(status) + ".");
    }
  }

  // ---- variables ----

  @Test
  void anApprovedTemplateWithEveryVariableFilledBecomesTheCloudApiContent() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL",
        new Component("HEADER", "TEXT", "Pedido {{1}}", null, null),
        body("Olá {{1}}, seu pedido {{2}} saiu para entrega hoje."),
        new Component("FOOTER", null, "Equipe Atende", null, null),
        new Component("BUTTONS", null, null, null, List.of(
            new Button("QUICK_REPLY", "Falar com atendente", null, null, null),
            new Button("URL", "Acompanhar", "https://loja.example/p/{{1}}", null, List.of("123"))))));

    TemplateMessages.Prepared prepared = messages.prepare(
        TemplateMessages.Request.of("aviso", "pt_BR", List.of("987", "Ana", "555", "987")));

    assertThat(prepared.category()).isEqualTo("UTILITY");
    assertThat(prepared.responseQueue()).isEqualTo("comercial");
    assertThat(json(prepared.content())).isEqualTo("""
        {"name":"aviso","language":{"code":"pt_BR"},"components":[\
        {"type":"header","parameters":[{"type":"text","text":"987"}]},\
        {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"555"}]},\
        {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"987"}]}]}""");
    assertThat(prepared.preview().text()).isEqualTo(
        "Pedido 987\n\nOlá Ana, seu pedido 555 saiu para entrega hoje.\n\nEquipe Atende\n\n[Falar com atendente]\n[Acompanhar]");
  }

  @Test
  void namedVariablesAreGivenByNameAndSentWithTheirParameterName() {
    add(template("aviso", "pt_BR", "APPROVED", "NAMED", body("Olá {{nome}}, seu pedido {{pedido}} saiu hoje.")));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("pedido", "555");
    values.put("nome", "Ana");

    TemplateMessages.Prepared prepared = messages.prepare(TemplateMessages.Request.named("aviso", "pt_BR", values));

    assertThat(json(prepared.content())).contains(
        "{\"type\":\"text\",\"parameter_name\":\"nome\",\"text\":\"Ana\"},{\"type\":\"text\",\"parameter_name\":\"pedido\",\"text\":\"555\"}");
    assertThat(prepared.preview().body()).isEqualTo("Olá Ana, seu pedido 555 saiu hoje.");
    assertThat(messages.prepare(TemplateMessages.Request.of("aviso", "pt_BR", List.of("Ana", "555"))).preview().body())
        .as("a list follows the order of the variables").isEqualTo("Olá Ana, seu pedido 555 saiu hoje.");
  }

  @Test
  void aMissingVariableIsNamed() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL", body("Olá {{1}}, seu pedido {{2}} saiu para entrega hoje.")));

    TemplateProblemException e = refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of("Ana")));

    assertThat(e.problem()).isEqualTo(Problem.MISSING_VARIABLE);
    assertThat(e.getMessage()).isEqualTo("Falta a variável {{2}} do corpo do modelo aviso.");
    assertThat(e.details()).containsEntry("variableKey", "2").containsEntry("component", "BODY");
    assertThat(refused(TemplateMessages.Request.of("aviso", "pt_BR", Arrays.asList("Ana", null))).problem())
        .isEqualTo(Problem.MISSING_VARIABLE);
  }

  @Test
  void aMissingNamedVariableIsNamed() {
    add(template("aviso", "pt_BR", "APPROVED", "NAMED", body("Olá {{nome}}, seu pedido {{pedido}} saiu hoje.")));

    TemplateProblemException e = refused(TemplateMessages.Request.named("aviso", "pt_BR", Map.of("nome", "Ana")));

    assertThat(e.problem()).isEqualTo(Problem.MISSING_VARIABLE);
    assertThat(e.getMessage()).isEqualTo("Falta a variável {{pedido}} do modelo aviso.");
  }

  @Test
  void anExtraVariableIsRefused() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL", body("Olá {{1}}, seu pedido saiu para entrega hoje.")));

    TemplateProblemException e = refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of("Ana", "sobra")));

    assertThat(e.problem()).isEqualTo(Problem.EXTRA_VARIABLE);
    assertThat(e.getMessage()).isEqualTo("O modelo aviso tem 1 variáveis; a variável 2ª está sobrando.");
  }

  @Test
  void anExtraNamedVariableIsRefusedByName() {
    add(template("aviso", "pt_BR", "APPROVED", "NAMED", body("Olá {{nome}}, seu pedido saiu hoje.")));

    TemplateProblemException e = refused(TemplateMessages.Request.named("aviso", "pt_BR", Map.of("nome", "Ana", "cpf", "1")));

    assertThat(e.problem()).isEqualTo(Problem.EXTRA_VARIABLE);
    assertThat(e.details()).containsEntry("variable", "{{cpf}}");
  }

  @Test
  void namesForATemplateWithNumberedVariablesAreRefused() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL", body("Olá {{1}}, seu pedido saiu para entrega hoje.")));

    assertThat(refused(TemplateMessages.Request.named("aviso", "pt_BR", Map.of("1", "Ana"))).problem())
        .isEqualTo(Problem.POSITIONAL_EXPECTED);
  }

  @Test
  void anEmptyOrBlankVariableIsRefused() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL", body("Olá {{1}}, seu pedido saiu para entrega hoje.")));

    for (String blank : List.of("", "   ")) {
      TemplateProblemException e = refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of(blank)));
      assertThat(e.problem()).isEqualTo(Problem.EMPTY_VARIABLE);
      assertThat(e.getMessage()).isEqualTo("A variável {{1}} do corpo do modelo aviso está vazia.");
    }
  }

  @Test
  void newLinesTabsAndRunsOfSpacesInAVariableAreRefusedAsMetaDoes() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL", body("Olá {{1}}, seu pedido saiu para entrega hoje.")));

    for (String bad : List.of("Ana\nLima", "Ana\tLima", "Ana     Lima")) {
      assertThat(refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of(bad))).problem())
          .isEqualTo(Problem.INVALID_VARIABLE);
    }
    messages.prepare(TemplateMessages.Request.of("aviso", "pt_BR", List.of("Ana    Lima")));
  }

  // ---- Meta's lengths ----

  @Test
  void aHeaderVariableMayFillTheHeaderUpTo60Characters() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL",
        new Component("HEADER", "TEXT", "Pedido {{1}}", null, null), body("Seu pedido saiu para entrega hoje.")));

    messages.prepare(TemplateMessages.Request.of("aviso", "pt_BR", List.of("x".repeat(53))));
    TemplateProblemException e = refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of("x".repeat(54))));

    assertThat(e.problem()).isEqualTo(Problem.VARIABLE_TOO_LONG);
    assertThat(e.details()).containsEntry("max", 53).containsEntry("length", 54);
    assertThat(e.getMessage()).isEqualTo("A variável {{1}} do cabeçalho tem 54 caracteres; o máximo é 53.");
  }

  @Test
  void aBodyVariableOver1024CharactersIsTooLongAndAFilledBodyOver1024IsTooLongText() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL", body("Olá {{1}}, seu pedido {{2}} saiu para entrega hoje.")));

    assertThat(refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of("a".repeat(1025), "1"))).problem())
        .isEqualTo(Problem.VARIABLE_TOO_LONG);
    TemplateProblemException e = refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of("a".repeat(600), "b".repeat(600))));
    assertThat(e.problem()).isEqualTo(Problem.TEXT_TOO_LONG);
    assertThat(e.details()).containsEntry("max", 1024);
  }

  @Test
  void aUrlButtonAddressMayReach2000Characters() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL", body("Seu pedido saiu para entrega hoje."),
        new Component("BUTTONS", null, null, null, List.of(new Button("URL", "Ver", "https://a.example/{{1}}", null, null)))));

    TemplateProblemException e = refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of("p".repeat(2000))));

    assertThat(e.problem()).isEqualTo(Problem.VARIABLE_TOO_LONG);
    assertThat(e.details()).containsEntry("variable", "{{1}} do botão 1");
  }

  // ---- header media ----

  @Test
  void aMediaHeaderNeedsMediaOfItsKind() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL",
        new Component("HEADER", "IMAGE", null, null, null), body("Seu boleto está disponível no aplicativo.")));

    assertThat(refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of())).problem())
        .isEqualTo(Problem.HEADER_MEDIA_MISSING);
    assertThat(refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of())
        .withHeaderMedia(new TemplateMessages.HeaderMedia(MessageType.DOCUMENT, "123", null))).problem())
        .isEqualTo(Problem.HEADER_MEDIA_WRONG);
    TemplateMessages.Prepared prepared = messages.prepare(TemplateMessages.Request.of("aviso", "pt_BR", List.of())
        .withHeaderMedia(new TemplateMessages.HeaderMedia(MessageType.IMAGE, null, "https://loja.example/boleto.png")));
    assertThat(json(prepared.content())).contains(
        "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://loja.example/boleto.png\"}}]}");
  }

  @Test
  void mediaForATemplateWithoutAMediaHeaderIsRefusedAndALocationHeaderIsNotSupported() {
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL", body("Seu pedido saiu para entrega hoje.")));
    assertThat(refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of())
        .withHeaderMedia(new TemplateMessages.HeaderMedia(MessageType.IMAGE, "123", null))).problem())
        .isEqualTo(Problem.HEADER_MEDIA_UNEXPECTED);

    templates.clear();
    add(template("aviso", "pt_BR", "APPROVED", "POSITIONAL",
        new Component("HEADER", "LOCATION", null, null, null), body("Nossa loja fica aqui, venha nos visitar.")));
    assertThat(refused(TemplateMessages.Request.of("aviso", "pt_BR", List.of())).problem())
        .isEqualTo(Problem.HEADER_NOT_SUPPORTED);
  }

  @Test
  void textsAreConfigurable() {
    TemplatesProperties.Texts custom = new TemplatesProperties.Texts("Modelo {template} desconhecido!", "", "", "", "", "",
        "", "", "", "", "", "", "", "", "{{{key}}} do cabeçalho", "{{{key}}} do corpo", "{{1}} do botão {button}",
        Map.of("PAUSED", "em pausa"));
    TemplateMessages custom1 = new TemplateMessages(registry, new TemplatesProperties(true, custom));

    assertThatThrownBy(() -> custom1.prepare(TemplateMessages.Request.of("x", "pt_BR", List.of())))
        .hasMessage("Modelo x desconhecido!");
    assertThat(custom.statusLabel("PAUSED")).isEqualTo("em pausa");
    assertThat(custom.statusLabel("APPROVED")).as("the other labels keep their defaults").isEqualTo("aprovado");
  }

  // ---- helpers ----

  private TemplateProblemException refused(TemplateMessages.Request request) {
    try {
      messages.prepare(request);
    } catch (TemplateProblemException e) {
      return e;
    }
    throw new AssertionError("expected the template send to be refused");
  }

  private void add(TemplateRecord t) {
    templates.add(t);
  }

  private static TemplateRecord template(String name, String language, String status, String format, Component... components) {
    return new TemplateRecord("1" + Math.abs((name + language).hashCode()), name, language, "UTILITY", format,
        List.of(components), status, "GREEN", null, null, "comercial", Instant.now());
  }

  private static Component body(String text) {
    return new Component("BODY", null, text, null, null);
  }

  private static String json(OutboundMessage.Template content) {
    try {
      return GraphJson.mapper().writeValueAsString(content);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TemplatesProperties.Texts texts() {
    return new org.springframework.boot.context.properties.bind.Binder(
        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of("t.sync-on-start", "true")))
        .bindOrCreate("t", TemplatesProperties.class).texts();
  }

}
