package io.atende.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustomerIdTest {

  @Test
  void aPhoneNumberAlwaysGetsTheSameBsuidWithItsCountry() {
    String bsuid = CustomerId.bsuidOf("5511988887777");

    assertThat(bsuid).matches("BR\\.\\d{1,20}").isEqualTo(CustomerId.bsuidOf("5511988887777"));
    assertThat(CustomerId.isBsuid(bsuid)).isTrue();
    assertThat(CustomerId.bsuidOf("5511988887778")).isNotEqualTo(bsuid);
    assertThat(CustomerId.bsuidOf("14155550123")).startsWith("US.");
    assertThat(CustomerId.bsuidOf("351912345678")).startsWith("PT.");
  }

  @Test
  void aNumberWhoseCallingCodeNamesNoCountryGetsABrazilianBsuid() {
    assertThat(CustomerId.bsuidOf("99912345678")).startsWith("BR.");
    assertThat(CustomerId.bsuidOf("80012345678")).startsWith("BR.");
  }

  @Test
  void bsuidAndParentBsuidFormatsAreTold() {
    assertThat(CustomerId.isBsuid("BR.1502576394655843")).isTrue();
    assertThat(CustomerId.isBsuid("US.13491208655302741918")).isTrue();
    assertThat(CustomerId.isBsuid("US.ENT.11815799212886844830")).isFalse();
    assertThat(CustomerId.isParentBsuid("US.ENT.11815799212886844830")).isTrue();
    assertThat(CustomerId.isBsuid("5511988887777")).isFalse();
    assertThat(CustomerId.isBsuid("br.1502576394655843")).isFalse();
    assertThat(CustomerId.isBsuid("BR." + "1".repeat(129))).isFalse();
    assertThat(CustomerId.isBsuid("BR.15-02")).isFalse();
  }

  @Test
  void aPhoneCustomerIsKeyedByTheNumberAndAUsernameCustomerByTheBsuid() {
    CustomerId phone = CustomerId.phone("5511988887777");
    assertThat(phone.key()).isEqualTo("5511988887777");
    assertThat(phone.userId()).isEqualTo(CustomerId.bsuidOf("5511988887777"));

    CustomerId username = CustomerId.username("BR.1502576394655843");
    assertThat(username.hasPhone()).isFalse();
    assertThat(username.key()).isEqualTo("BR.1502576394655843");
  }

  @Test
  void aDefaultUsernameComesFromTheProfileName() {
    assertThat(CustomerSide.usernameFrom("João Ação")).isEqualTo("joao.acao");
    assertThat(CustomerSide.usernameFrom("  Ana  Souza! ")).isEqualTo("ana.souza");
    assertThat(CustomerSide.usernameFrom("Li")).isEqualTo("clienteli");
  }
}
