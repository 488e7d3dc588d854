package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atende.simulator.SimulatorProperties.Template;
import io.atende.simulator.SimulatorProperties.TemplateCategory;
import io.atende.simulator.SimulatorProperties.TemplateStatus;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendValidatorTest {

  private static final Template OTP = new Template("codigo_acesso", "pt_BR", TemplateStatus.APPROVED,
      TemplateCategory.AUTHENTICATION, null, "{{1}} é o seu código de verificação.", null, List.of());

  private final SendValidator validator = new SendValidator(
      new TemplateCatalog(List.of(OTP, SimulatorProperties.defaultTemplates().get(0))),
      new MediaStore(1024, Clock.systemUTC()));

  @Test
  void authenticationTemplateToABsuidIsRefusedWith131062() {
    SendRequest request = send("\"recipient\":\"BR.1502576394655843\"", "codigo_acesso", "123456");

    assertThatThrownBy(() -> validator.validate(request))
        .isInstanceOfSatisfying(GraphException.class, e -> {
          assertThat(e.code()).isEqualTo(131062);
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo(
              "(#131062) Business-scoped User ID recipients are not supported for this message");
        });
  }

  @Test
  void authenticationTemplateToAPhoneNumberIsAccepted() {
    SendValidator.ValidSend valid = validator.validate(
        send("\"to\":\"5511988887777\",\"recipient\":\"BR.1502576394655843\"", "codigo_acesso", "123456"));

    assertThat(valid.to().waId()).isEqualTo("5511988887777");
    assertThat(valid.to().userId()).isNull();
  }

  @Test
  void otherTemplatesMayGoToABsuidOrAParentBsuid() {
    assertThat(validator.validate(send("\"recipient\":\"BR.1502576394655843\"", "boas_vindas")).to().userId())
        .isEqualTo("BR.1502576394655843");
    assertThat(validator.validate(send("\"recipient\":\"US.ENT.11815799212886844830\"", "boas_vindas")).to().userId())
        .isEqualTo("US.ENT.11815799212886844830");
  }

  @Test
  void aMediaHeaderTakesAParameterOfItsKindElse132012() {
    TemplateCatalog catalog = new TemplateCatalog(List.of());
    catalog.create(new TemplateRules.Submission("boleto", "pt_BR", "UTILITY", null, null, List.of(
        new Wire.TemplateComponent("HEADER", "IMAGE", null,
            new Wire.TemplateExample(null, null, null, null, List.of("4::aGFuZGxl")), null),
        new Wire.TemplateComponent("BODY", null, "Seu boleto está disponível no aplicativo.", null, null))),
        java.time.Instant.now());
    catalog.update(catalog.find("boleto", "pt_BR").orElseThrow().id(), null,
        t -> t.withStatus(SimulatorProperties.TemplateStatus.APPROVED, "NONE"));
    SendValidator validator = new SendValidator(catalog, new MediaStore(1024, Clock.systemUTC()));

    SendValidator.ValidSend valid = validator.validate(header("boleto",
        "{\"type\":\"image\",\"image\":{\"link\":\"https://loja.example/b.png\"}}"));
    assertThat(valid.content().attachment().link()).isEqualTo("https://loja.example/b.png");
    assertThatThrownBy(() -> validator.validate(header("boleto", "{\"type\":\"text\",\"text\":\"oi\"}")))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.code()).isEqualTo(132012));
    assertThatThrownBy(() -> validator.validate(send("\"to\":\"5511988887777\"", "boleto")))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.code()).isEqualTo(132000));
  }

  @Test
  void namedParametersGoByNameAndANamelessOneIs132012() {
    TemplateCatalog catalog = new TemplateCatalog(List.of());
    catalog.create(new TemplateRules.Submission("saudacao", "pt_BR", "UTILITY", "NAMED", null, List.of(
        new Wire.TemplateComponent("BODY", null, "Olá {{nome}}, seu pedido {{pedido}} saiu hoje.",
            new Wire.TemplateExample(null, null, null, List.of(new Wire.NamedExample("nome", "Ana"),
                new Wire.NamedExample("pedido", "1")), null), null))), java.time.Instant.now());
    catalog.update(catalog.find("saudacao", "pt_BR").orElseThrow().id(), null,
        t -> t.withStatus(SimulatorProperties.TemplateStatus.APPROVED, "NONE"));
    SendValidator validator = new SendValidator(catalog, new MediaStore(1024, Clock.systemUTC()));

    SendValidator.ValidSend valid = validator.validate(body("saudacao",
        "{\"type\":\"text\",\"parameter_name\":\"pedido\",\"text\":\"555\"},"
            + "{\"type\":\"text\",\"parameter_name\":\"nome\",\"text\":\"Ana\"}"));
    assertThat(valid.content().text()).isEqualTo("Olá Ana, seu pedido 555 saiu hoje.");
    assertThatThrownBy(() -> validator.validate(body("saudacao",
        "{\"type\":\"text\",\"text\":\"Ana\"},{\"type\":\"text\",\"text\":\"555\"}")))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.code()).isEqualTo(132012));
    assertThatThrownBy(() -> validator.validate(body("saudacao",
        "{\"type\":\"text\",\"parameter_name\":\"cpf\",\"text\":\"1\"},"
            + "{\"type\":\"text\",\"parameter_name\":\"nome\",\"text\":\"Ana\"}")))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.code()).isEqualTo(132000));
  }

  @Test
  void aValueWithNewLinesOrLongRunsOfSpacesIs132018AndAnOverLongBodyIs132005() {
    SendValidator validator = new SendValidator(new TemplateCatalog(SimulatorProperties.defaultTemplates()),
        new MediaStore(1024, Clock.systemUTC()));

    assertThatThrownBy(() -> validator.validate(send("\"to\":\"5511988887777\"", "recontato", "Ana\\nLima")))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.code()).isEqualTo(132018));
    assertThatThrownBy(() -> validator.validate(send("\"to\":\"5511988887777\"", "recontato", "Ana      Lima")))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.code()).isEqualTo(132018));
    assertThatThrownBy(() -> validator.validate(send("\"to\":\"5511988887777\"", "recontato", "a".repeat(1000))))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.code()).isEqualTo(132005));
  }

  private static SendRequest header(String template, String parameter) {
    return request(template, "[{\"type\":\"header\",\"parameters\":[" + parameter + "]}]");
  }

  private static SendRequest body(String template, String parameters) {
    return request(template, "[{\"type\":\"body\",\"parameters\":[" + parameters + "]}]");
  }

  private static SendRequest request(String template, String components) {
    String json = "{\"messaging_product\":\"whatsapp\",\"to\":\"5511988887777\",\"type\":\"template\",\"template\":"
        + "{\"name\":\"" + template + "\",\"language\":{\"code\":\"pt_BR\"},\"components\":" + components + "}}";
    try {
      return MetaJson.mapper().readValue(json, SendRequest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static SendRequest send(String addressing, String template, String... params) {
    String parameters = String.join(",", java.util.Arrays.stream(params)
        .map(p -> "{\"type\":\"text\",\"text\":\"" + p + "\"}").toList());
    String components = params.length == 0 ? ""
        : ",\"components\":[{\"type\":\"body\",\"parameters\":[" + parameters + "]}]";
    String json = "{\"messaging_product\":\"whatsapp\"," + addressing + ",\"type\":\"template\",\"template\":"
        + "{\"name\":\"" + template + "\",\"language\":{\"code\":\"pt_BR\"}" + components + "}}";
    try {
      return MetaJson.mapper().readValue(json, SendRequest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
