package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.Dmn;
import org.junit.jupiter.api.Test;

class MenuOptionsTest {

  private final DmnEngine dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

  @Test
  void shippedMenuDecisionOffersComercialFinanceiroAndSuporte() throws Exception {
    DmnDecision decision;
    try (InputStream in = Files.newInputStream(Path.of("processes/menu-options.dmn"))) {
      decision = dmn.parseDecision(MenuOptions.DECISION_KEY, in);
    }
    List<MenuOption> options = MenuOptions.fromRows(
        dmn.evaluateDecision(decision, Variables.putValue(MenuOptions.INPUT_PHONE_NUMBER_ID, "106540352242922")).getResultList());

    assertThat(options).extracting(MenuOption::line).containsExactly("1 – Comercial", "2 – Financeiro", "3 – Suporte técnico");
    assertThat(options).extracting(MenuOption::skill).containsExactly("comercial", "financeiro", "suporte");
    assertThat(options.get(0).keywords()).contains("vendas", "orçamento");
  }

  @Test
  void menuIsEvaluatedOncePerNumberUnlessItReadsMore() throws Exception {
    String shipped = Files.readString(Path.of("processes/menu-options.dmn"));
    assertThat(evaluationsForThreeMenus(shipped)).isEqualTo(1);
    assertThat(evaluationsForThreeMenus(shipped.replace("<text>phoneNumberId</text>", "<text>now().hour</text>"))).isEqualTo(3);
  }

  private static int evaluationsForThreeMenus(String dmnXml) {
    RepositoryService repository = mock(RepositoryService.class, RETURNS_DEEP_STUBS);
    DecisionService decisions = mock(DecisionService.class, RETURNS_DEEP_STUBS);
    DecisionDefinition latest = mock(DecisionDefinition.class);
    when(latest.getId()).thenReturn("menuOptions:1");
    when(repository.createDecisionDefinitionQuery().decisionDefinitionKey(MenuOptions.DECISION_KEY).withoutTenantId().latestVersion()
        .singleResult()).thenReturn(latest);
    when(repository.getDmnModelInstance("menuOptions:1")).thenReturn(Dmn.readModelFromStream(stream(dmnXml)));
    DmnDecisionResult result = mock(DmnDecisionResult.class);
    when(result.getResultList()).thenReturn(List.of(row(1, "Comercial", "comercial")));
    when(decisions.evaluateDecisionById("menuOptions:1").variables(anyMap()).evaluate()).thenReturn(result);
    MenuOptions menu = new MenuOptions(decisions, repository);

    for (int i = 0; i < 3; i++) {
      assertThat(menu.forNumber("106540352242922")).extracting(MenuOption::skill).containsExactly("comercial");
    }
    return mockingDetails(result).getInvocations().size();
  }

  @Test
  void moreThanFifteenOptionsFailWithTheCount() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      rows.add(row(i, "Fila " + i, "fila" + i));
    }
    assertThatThrownBy(() -> MenuOptions.fromRows(rows))
        .isInstanceOf(MenuOptions.InvalidMenuException.class)
        .hasMessageContaining("returned 16 menu options")
        .hasMessageContaining("at most 15");
    assertThat(MenuOptions.fromRows(rows.subList(0, 15))).hasSize(15);
  }

  @Test
  void emptyMenuDuplicateNumbersAndOptionsWithoutSkillFail() {
    assertThatThrownBy(() -> MenuOptions.fromRows(List.of())).hasMessageContaining("no menu option");
    assertThatThrownBy(() -> MenuOptions.fromRows(List.of(row(1, "A", "a"), row(1, "B", "b")))).hasMessageContaining("number 1 is used twice");
    assertThatThrownBy(() -> MenuOptions.fromRows(List.of(row(1, "A", " ")))).hasMessageContaining("needs a number (0 or more), a label and a skill");
    assertThatThrownBy(() -> MenuOptions.fromRows(List.of(row(null, "A", "a")))).hasMessageContaining("number=null");
  }

  @Test
  void optionsAreOrderedByNumberAndKeywordsSplitOnCommas() {
    Map<String, Object> second = row(2, "Financeiro", "financeiro");
    second.put("keywords", " boleto ,, nota fiscal ");
    List<MenuOption> options = MenuOptions.fromRows(List.of(second, row(1, "Comercial", "comercial")));
    assertThat(options).extracting(MenuOption::number).containsExactly(1, 2);
    assertThat(options.get(1).keywords()).containsExactly("boleto", "nota fiscal");
  }

  private static InputStream stream(String xml) {
    return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> row(Integer number, String label, String skill) {
    Map<String, Object> row = new HashMap<>();
    row.put("number", number);
    row.put("label", label);
    row.put("skill", skill);
    return row;
  }
}
