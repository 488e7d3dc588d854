package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void wamidLooksLikeMetasAndCarriesTheNumber() {
    String outbound = Ids.wamid("5511988887777", false);
    String inbound = Ids.wamid("5511988887777", true);

    assertThat(outbound).startsWith("wamid.HBgN").hasSizeLessThanOrEqualTo(128);
    assertThat(inbound).startsWith("wamid.HBgN").hasSizeLessThanOrEqualTo(128);
    String decoded = new String(Base64.getDecoder().decode(outbound.substring(6)), StandardCharsets.ISO_8859_1);
    assertThat(decoded).contains("5511988887777");
    assertThat(Ids.wamid("5511988887777", false)).isNotEqualTo(outbound);
  }

  @Test
  void wamidOfACustomerWithALongBsuidStaysWithin128Characters() {
    String bsuid = "BR." + "a".repeat(128);

    assertThat(Ids.wamid(bsuid, true)).startsWith("wamid.").hasSizeLessThanOrEqualTo(128);
    assertThat(Ids.wamid("BR.1502576394655843", true)).hasSizeLessThanOrEqualTo(128);
  }

  @Test
  void mediaIdsAreNumericAndTemplateIdsAreStable() {
    assertThat(Ids.mediaId()).matches("1\\d{15}");
    assertThat(Ids.stableId("boas_vindas/pt_BR")).isEqualTo(Ids.stableId("boas_vindas/pt_BR")).matches("1\\d{15}");
  }
}
