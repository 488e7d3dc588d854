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
