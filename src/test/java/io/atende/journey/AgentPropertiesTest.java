package io.atende.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentPropertiesTest {

  @Test
  void agentsGetTheDefaultLimitUnlessOverridden() {
    AgentProperties agents = new AgentProperties(3, Map.of("ana", 5));

    assertThat(agents.limitFor("ana")).isEqualTo(5);
    assertThat(agents.limitFor("bruno")).isEqualTo(3);
    assertThat(new AgentProperties(2, null).limitFor("ana")).isEqualTo(2);
  }

  @Test
  void nonsensicalLimitsAreRejectedWithTheKey() {
    assertThatThrownBy(() -> new AgentProperties(0, Map.of())).hasMessageContaining("max-concurrent-conversations must be 1 or more");
    assertThatThrownBy(() -> new AgentProperties(3, Map.of("ana", -1))).hasMessageContaining("atende.agents.limits.ana");
  }
}
