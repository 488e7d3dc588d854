package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateCatalogTest {

  private final TemplateCatalog catalog = new TemplateCatalog(SimulatorProperties.defaultTemplates());

  @Test
  void placeholdersAreCountedOncePerNumber() {
    assertThat(TemplateCatalog.placeholders("Olá {{1}}, protocolo {{2}}; {{1}} de novo")).isEqualTo(2);
    assertThat(TemplateCatalog.placeholders("Sem variáveis")).isZero();
    assertThat(TemplateCatalog.placeholders(null)).isZero();
  }

  @Test
  void fillReplacesEachPlaceholderByItsValue() {
    assertThat(TemplateCatalog.fill("{{1}} pagou R$ {{2}} ({{1}})", List.of("Ana", "10,00")))
        .isEqualTo("Ana pagou R$ 10,00 (Ana)");
    assertThat(TemplateCatalog.fill("Olá {{1}} e {{2}}", List.of("Ana"))).isEqualTo("Olá Ana e {{2}}");
  }

  @Test
  void templatesAreFoundByNameAndLanguage() {
    assertThat(catalog.find("boas_vindas", "pt_BR")).isPresent();
    assertThat(catalog.find("boas_vindas", "en_US")).isEmpty();
    assertThat(catalog.find("nao_existe", "pt_BR")).isEmpty();
  }

  @Test
  void listingPagesWithCursors() {
    TemplateCatalog.Query first = new TemplateCatalog.Query(null, null, null, null, 2, null);
    Wire.TemplatePage page = catalog.page(first, after -> "next?after=" + after);
    assertThat(page.data()).extracting(Wire.TemplateNode::name).containsExactly("boas_vindas", "recontato");
    String after = page.paging().cursors().after();

    Wire.TemplatePage second = catalog.page(new TemplateCatalog.Query(null, null, null, null, 2, after), a -> "next");
    assertThat(second.data()).extracting(Wire.TemplateNode::name).containsExactly("pesquisa_satisfacao", "promo_pendente");
  }

  @Test
  void listingFiltersByStatus() {
    Wire.TemplatePage pending = catalog.page(new TemplateCatalog.Query(null, "pending", null, null, 25, null), a -> "");
    assertThat(pending.data()).extracting(Wire.TemplateNode::name).containsExactly("promo_pendente");
    assertThat(pending.paging().next()).isNull();
  }

  @Test
  void brokenCursorIsRefused() {
    assertThatThrownBy(() -> catalog.page(new TemplateCatalog.Query(null, null, null, null, 2, "%%%"), a -> ""))
        .isInstanceOf(GraphException.class)
        .extracting(e -> ((GraphException) e).code()).isEqualTo(100);
  }
}
