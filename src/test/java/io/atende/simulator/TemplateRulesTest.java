package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atende.simulator.SimulatorProperties.TemplateCategory;
import io.atende.simulator.SimulatorProperties.TemplateStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Meta checks when a template is submitted, and what the simulated review decides. */
class TemplateRulesTest {

  @Test
  void aWellFormedPositionalTemplatePassesWithItsComponentsInMetasOrder() {
    TemplateRules.Valid valid = TemplateRules.check(submission("UTILITY", null,
        new Wire.TemplateComponent("FOOTER", null, "Equipe Atende", null, null),
        body("Olá {{1}}, seu pedido {{2}} saiu para entrega hoje.", "Ana", "123"),
        new Wire.TemplateComponent("HEADER", "TEXT", "Pedido {{1}}",
            new Wire.TemplateExample(List.of("123"), null, null, null, null), null)), null);

    assertThat(valid.category()).isEqualTo(TemplateCategory.UTILITY);
    assertThat(valid.parameterFormat()).isEqualTo("POSITIONAL");
    assertThat(valid.components()).extracting(Wire.TemplateComponent::type).containsExactly("HEADER", "BODY", "FOOTER");
  }

  @Test
  void aNamedTemplateNeedsANamedExampleForEachVariable() {
    Wire.TemplateComponent named = new Wire.TemplateComponent("BODY", null, "Olá {{nome}}, seu pedido chegou hoje mesmo.",
        new Wire.TemplateExample(null, null, null, List.of(new Wire.NamedExample("nome", "Ana")), null), null);
    assertThat(TemplateRules.check(submission("UTILITY", "NAMED", named), null).parameterFormat()).isEqualTo("NAMED");

    Wire.TemplateComponent noExample = new Wire.TemplateComponent("BODY", null, "Olá {{nome}}, seu pedido chegou hoje.",
        null, null);
    assertRefused(() -> TemplateRules.check(submission("UTILITY", "NAMED", noExample), null), null, "Sample is missing");
  }

  @Test
  void variablesOfTheOtherFormatOrWithGapsAreRefused() {
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null,
        body("Olá {{nome}}, seu pedido chegou hoje mesmo.", "Ana")), null), null, "Invalid variable");
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null,
        body("Olá {{1}}, seu pedido {{3}} chegou hoje mesmo.", "Ana", "123")), null), null, "Invalid variable");
  }

  @Test
  void aBodyStartingOrEndingWithAVariableIsRefusedWith2388299EvenBehindPunctuation() {
    GraphException start = assertRefused(() -> TemplateRules.check(submission("UTILITY", null,
        body("{{1}}, seu pedido saiu para entrega hoje.", "Ana")), null), 2388299, "Leading or trailing params not allowed");
    assertThat(start.userMessage()).isEqualTo("Variables can't be at the start or end of the template.");
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null,
        body("Seu pedido saiu para entrega hoje, {{1}}.", "Ana")), null), 2388299, "Leading or trailing params not allowed");
  }

  @Test
  void examplesMustCoverEveryVariable() {
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null,
        body("Olá {{1}}, seu pedido {{2}} saiu para entrega hoje.", "Ana")), null), null, "Sample is missing");
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null,
        new Wire.TemplateComponent("BODY", null, "Olá {{1}}, seu pedido saiu para entrega hoje.", null, null)), null),
        null, "Sample is missing");
  }

  @Test
  void tooLongTextsAreRefusedWith2388040() {
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null, body("Texto " + "a".repeat(1020))), null),
        2388040, "Character limit hit");
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null, body("Olá, tudo certo por aqui."),
        new Wire.TemplateComponent("FOOTER", null, "r".repeat(61), null, null)), null), 2388040, "Character limit hit");
  }

  @Test
  void tooManyVariablesForTheLengthOrSideBySideVariablesAreRefused() {
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null,
        body("Lembrete: seu {{1}} em {{2}} no {{3}} às {{4}} amanhã.", "a", "b", "c", "d")), null), null,
        "Too many variables");
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null,
        body("Olá cliente, seu pedido {{1}} {{2}} chegou hoje na sua casa.", "a", "b")), null), null,
        "Body format is incorrect");
  }

  @Test
  void aHeaderHasOneVariableAtMostAndNoFormattingAndAMediaHeaderNeedsASample() {
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null, body("Olá, tudo certo por aqui."),
        new Wire.TemplateComponent("HEADER", "TEXT", "*Pedido*", null, null)), null), 2388047, "Header format is incorrect");
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null, body("Olá, tudo certo por aqui."),
        new Wire.TemplateComponent("HEADER", "TEXT", "{{1}} e {{2}}",
            new Wire.TemplateExample(List.of("a", "b"), null, null, null, null), null)), null), 2388047,
        "Header format is incorrect");
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null, body("Olá, tudo certo por aqui."),
        new Wire.TemplateComponent("HEADER", "IMAGE", null, null, null)), null), null, "Sample is missing");
  }

  @Test
  void buttonsFollowMetasLimits() {
    Wire.TemplateComponent tooMany = new Wire.TemplateComponent("BUTTONS", null, null, null, List.of(
        url("Um", "https://a.example/1"), url("Dois", "https://a.example/2"), url("Três", "https://a.example/3")));
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null, body("Olá, tudo certo por aqui."), tooMany),
        null), null, "Invalid buttons");
    Wire.TemplateComponent variableInTheMiddle = new Wire.TemplateComponent("BUTTONS", null, null, null, List.of(
        new Wire.TemplateButton("URL", "Ver", "https://a.example/{{1}}/x", null, List.of("1"))));
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null, body("Olá, tudo certo por aqui."),
        variableInTheMiddle), null), null, "Invalid buttons");
    Wire.TemplateComponent longLabel = new Wire.TemplateComponent("BUTTONS", null, null, null, List.of(
        new Wire.TemplateButton("QUICK_REPLY", "Um rótulo longo demais para botão", null, null, null)));
    assertRefused(() -> TemplateRules.check(submission("UTILITY", null, body("Olá, tudo certo por aqui."), longLabel),
        null), 2388040, "Character limit hit");
  }

  @Test
  void namesAreLowercaseLettersDigitsAndUnderscoresAndLanguagesAreMetas() {
    assertRefused(() -> TemplateRules.checkNameAndLanguage("Aviso Pedido", "pt_BR"), null, "Invalid template name");
    assertThatThrownBy(() -> TemplateRules.checkNameAndLanguage("aviso", "klingon"))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.code()).isEqualTo(100));
    TemplateRules.checkNameAndLanguage("aviso_pedido_2", "pt_BR");
  }

  @Test
  void anApprovedTemplatesCategoryCannotChange() {
    SimTemplate approved = template(TemplateCategory.UTILITY, "Olá, tudo certo por aqui.").withStatus(TemplateStatus.APPROVED,
        "NONE");
    assertRefused(() -> TemplateRules.check(new TemplateRules.Submission(null, null, "MARKETING", null, null, null),
        approved), null, "Category can't be changed");
  }

  @Test
  void reviewApprovesPlainTemplatesAndRejectsLikeMetasReviewers() {
    assertThat(TemplateRules.review(template(TemplateCategory.UTILITY, "Seu pedido saiu para entrega hoje.")).status())
        .isEqualTo(TemplateStatus.APPROVED);

    TemplateRules.Verdict promotional = TemplateRules.review(template(TemplateCategory.UTILITY,
        "Aproveite 20% de desconto nesta semana na loja."));
    assertThat(promotional.status()).isEqualTo(TemplateStatus.REJECTED);
    assertThat(promotional.reason()).isEqualTo("PROMOTIONAL");
    assertThat(TemplateRules.review(template(TemplateCategory.MARKETING,
        "Aproveite 20% de desconto nesta semana na loja.")).status()).isEqualTo(TemplateStatus.APPROVED);

    TemplateRules.Verdict shortened = TemplateRules.review(template(TemplateCategory.UTILITY,
        "Veja seu boleto em https://bit.ly/abc hoje mesmo."));
    assertThat(shortened.reason()).isEqualTo("INVALID_FORMAT");
    assertThat(shortened.rejectionInfo().recommendation()).contains("full address");

    assertThat(TemplateRules.review(template(TemplateCategory.UTILITY, "Pague logo, seu idiota, ou vamos te processar."))
        .reason()).isEqualTo("ABUSIVE_CONTENT");
  }

  @Test
  void promotionalUtilityMovesToMarketingWhenACategoryChangeWasAllowed() {
    SimTemplate t = template(TemplateCategory.UTILITY, "Aproveite 20% de desconto nesta semana na loja.");
    SimTemplate allowing = new SimTemplate(t.id(), t.seq(), t.name(), t.language(), t.category(), t.parameterFormat(),
        t.components(), t.status(), t.rejectedReason(), t.quality(), t.qualityDate(), t.createdAt(), null, List.of(), 1, true);

    TemplateRules.Verdict verdict = TemplateRules.review(allowing);

    assertThat(verdict.status()).isEqualTo(TemplateStatus.APPROVED);
    assertThat(verdict.category()).isEqualTo(TemplateCategory.MARKETING);
  }

  // ---- helpers ----

  private static TemplateRules.Submission submission(String category, String format, Wire.TemplateComponent... components) {
    return new TemplateRules.Submission("aviso", "pt_BR", category, format, null, List.of(components));
  }

  private static Wire.TemplateComponent body(String text, String... examples) {
    return new Wire.TemplateComponent("BODY", null, text,
        examples.length == 0 ? null : new Wire.TemplateExample(null, null, List.of(List.of(examples)), null, null), null);
  }

  private static Wire.TemplateButton url(String text, String url) {
    return new Wire.TemplateButton("URL", text, url, null, null);
  }

  private static SimTemplate template(TemplateCategory category, String body) {
    List<Wire.TemplateComponent> components = new ArrayList<>();
    components.add(new Wire.TemplateComponent("BODY", null, body, null, null));
    Instant now = Instant.now();
    return new SimTemplate("1000000000000001", 1, "aviso", "pt_BR", category, "POSITIONAL", components,
        TemplateStatus.PENDING, "NONE", "UNKNOWN", now, now, null, List.of(), 1, false);
  }

  private static GraphException assertRefused(Runnable call, Integer subcode, String title) {
    try {
      call.run();
    } catch (GraphException e) {
      assertThat(e.code()).as(e.userMessage()).isEqualTo(100);
      assertThat(e.httpStatus()).isEqualTo(400);
      assertThat(e.subcode()).isEqualTo(subcode);
      assertThat(e.userTitle()).isEqualTo(title);
      return e;
    }
    throw new AssertionError("expected the submission to be refused with \"" + title + "\"");
  }
}
