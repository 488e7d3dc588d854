package io.atende.platform;

import java.util.List;
import java.util.Map;

/**
 * A check the models of the {@code processes/} folder must pass before a change goes live (e.g. the journey scenarios
 * analysts write). {@link ProcessDeployer} asks every gate before it deploys a change over models already live; a gate
 * that finds problems keeps the whole change out, and every previous version stays active.
 */
public interface ModelGate {

  /**
   * The problems of this set of models, each in words an analyst can act on; empty to let it through.
   *
   * @param models every model file as it would be live after the change (BPMN, DMN, forms), by relative name
   * @param scenarios every scenario file ({@value ProcessDeployer#SCENARIO_SUFFIX}) of the folder, by relative name
   */
  List<String> problems(Map<String, byte[]> models, Map<String, byte[]> scenarios);
}
