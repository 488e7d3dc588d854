package io.atende.journey.blocks;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.DefaultFailedJobParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.FailedJobRetryConfiguration;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Registers {@link BlockRules} with the engine as a BPMN parse listener: every deployment, from the {@code processes/}
 * folder or through the REST API (Modeler's Deploy button), is refused when a block in it is wrong, with one line per
 * problem naming the element ({@code ENGINE-09005 Could not parse BPMN process. Errors: * element 'AskEmail': the
 * reminder delay 'PT5' is not an ISO-8601 duration ... | resource journey.bpmn | line 12 | column 5}). The engine keeps
 * every previous version.
 */
@Component
public class BlockRulesPlugin extends AbstractProcessEnginePlugin {

  private final ObjectProvider<QueueDirectory> queues;

  BlockRulesPlugin(ObjectProvider<QueueDirectory> queues) {
    this.queues = queues;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPreBPMNParseListeners().add(parseListener());
  }

  /** The listener, for an engine built outside Spring's auto-configuration (the scenarios' sandbox). */
  public BpmnParseListener parseListener() {
    return new AbstractBpmnParseListener() {
      @Override
      public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        giveSendsTheirRetryCycle(element, activity);
      }

      @Override
      public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        QueueDirectory directory = queues.getIfAvailable(() -> id -> Optional.empty());
        List<BlockRules.Problem> problems = new BlockRules(directory, BlockRulesPlugin::decisionExists).problemsOf(processElement);
        if (!problems.isEmpty()) {
          throw new BpmnParseException(problems.size() == 1 ? problems.get(0).describe()
              : problems.size() + " blocks are wrong: " + problems.stream().map(BlockRules.Problem::describe).collect(Collectors.joining("; ")),
              problems.get(0).element());
        }
      }
    };
  }

  /**
   * A block's send retries like the journey's other sends ({@value Blocks#SEND_RETRY_CYCLE}) unless its element says
   * otherwise: element templates cannot write {@code camunda:failedJobRetryTimeCycle}. Runs before Camunda's own
   * listener, which keeps this when the element has no cycle of its own.
   */
  static void giveSendsTheirRetryCycle(Element element, ActivityImpl activity) {
    String expression = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression");
    if (expression == null || !BlockRules.isSend(expression)) {
      return;
    }
    Element extensions = element.element("extensionElements");
    if (extensions != null && extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "failedJobRetryTimeCycle") != null) {
      return;
    }
    activity.getProperties().set(DefaultFailedJobParseListener.FAILED_JOB_CONFIGURATION, new FailedJobRetryConfiguration(
        Context.getProcessEngineConfiguration().getExpressionManager().createExpression(Blocks.SEND_RETRY_CYCLE)));
  }

  /** Whether the decision is deployed, or comes in the deployment being made. */
  static boolean decisionExists(String key) {
    CommandContext context = Context.getCommandContext();
    if (context == null) {
      return false;
    }
    if (context.getDecisionDefinitionManager().findLatestDecisionDefinitionByKey(key) != null) {
      return true;
    }
    for (DeploymentEntity deployment : context.getDbEntityManager().getCachedEntitiesByType(DeploymentEntity.class)) {
      if (deployment.getResources() == null) {
        continue;
      }
      for (ResourceEntity resource : deployment.getResources().values()) {
        if (resource.getName().endsWith(".dmn") && declares(resource.getBytes(), key)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean declares(byte[] dmn, String key) {
    try {
      return Dmn.readModelFromStream(new ByteArrayInputStream(dmn)).getModelElementsByType(Decision.class).stream()
          .anyMatch(d -> key.equals(d.getId()));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
