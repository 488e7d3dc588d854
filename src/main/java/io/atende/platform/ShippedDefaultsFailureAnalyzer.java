package io.atende.platform;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells the operator which settings to change when {@link ProductionDefaults} refuses the start. */
class ShippedDefaultsFailureAnalyzer extends AbstractFailureAnalyzer<ProductionDefaults.ShippedDefaultsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ProductionDefaults.ShippedDefaultsException cause) {
    String settings = cause.settings().stream()
        .map(key -> "    " + key + " (environment variable " + key.toUpperCase().replace('.', '_').replace('-', '_') + ")")
        .collect(Collectors.joining("\n"));
    return new FailureAnalysis(
        "The simulator is off (atende.simulator.enabled=false), so this is taken for production, but these settings"
            + " still have the value Atende ships with, or none:\n" + settings,
        "Give each of them a secret value of your own. For a demonstration without the simulator, set"
            + " atende.demo.enabled=true instead.",
        cause);
  }
}
