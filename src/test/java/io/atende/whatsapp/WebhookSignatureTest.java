package io.atende.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final byte[] BODY = "{\"object\":\"whatsapp_business_account\",\"name\":\"Jo\\u00e3o\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void signatureOverRawBytesIsAccepted() {
    // reference value computed independently: printf '%s' "$BODY" | openssl dgst -sha256 -hmac secret
    String expected = "sha256=f9afca20c8afa28a8e06ce85f559a5bf400e98f07963ebafa5673c11c424806a";
    assertThat(WebhookSignature.sign(BODY, "secret")).isEqualTo(expected);
    assertThat(WebhookSignature.isValid(BODY, expected, "secret")).isTrue();
  }

  @Test
  void uppercaseHexIsAcceptedAsTheSameSignature() {
    assertThat(WebhookSignature.isValid(BODY, WebhookSignature.sign(BODY, "secret").toUpperCase().replace("SHA256=", "sha256="), "secret")).isTrue();
  }

  @Test
  void tamperedBodyWrongSecretOrMalformedHeaderIsRefused() {
    String good = WebhookSignature.sign(BODY, "secret");
    byte[] tampered = "{\"object\":\"whatsapp_business_account\",\"name\":\"Joao\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.isValid(tampered, good, "secret")).isFalse();
    assertThat(WebhookSignature.isValid(BODY, good, "other-secret")).isFalse();
    assertThat(WebhookSignature.isValid(BODY, good.substring("sha256=".length()), "secret")).isFalse();
    assertThat(WebhookSignature.isValid(BODY, "sha256=zz", "secret")).isFalse();
    assertThat(WebhookSignature.isValid(BODY, null, "secret")).isFalse();
    assertThat(WebhookSignature.isValid(BODY, good, "")).isFalse();
  }
}
