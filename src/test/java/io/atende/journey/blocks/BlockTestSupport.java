package io.atende.journey.blocks;

import io.atende.conversation.ConversationStore;
import io.atende.conversation.ConversationStore.Conversation;
import io.atende.conversation.CustomerStore;
import io.atende.conversation.CustomerStore.Customer;
import io.atende.conversation.MessageSender;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** One service for the block tests: jobs run by hand, sends captured by a mock, the shipped models deployed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:blocks;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "atende.processes.watch-interval=0"})
public abstract class BlockTestSupport {

  static final String NUMBER = "106540352242922";

  @MockitoBean
  MessageSender sender;

  @Autowired ProcessEngine engine;
  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired ManagementService managementService;
  @Autowired CustomerStore customers;
  @Autowired ConversationStore conversations;

  Customer customer;
  Conversation conversation;

  @BeforeEach
  void newCustomer() {
    BpmnAwareTests.init(engine);
    customer = customers.findOrCreate("55119" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999), "Maria");
    conversation = conversations.open(customer.id(), NUMBER);
  }

  void deploy(BpmnModelInstance model) {
    String key = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).iterator().next().getId();
    repositoryService.createDeployment().name("block-test").addModelInstance(key + ".bpmn", model).deploy();
  }

  /** Starts a process as the journey does: the conversation's ids, the customer's name and number. */
  ProcessInstance start(String key, Map<String, Object> more) {
    var variables = Variables.createVariables()
        .putValue("conversationId", conversation.id())
        .putValue("customerId", customer.id())
        .putValue("customerName", "Maria")
        .putValue("phoneNumberId", NUMBER);
    variables.putAll(more);
    return runtimeService.startProcessInstanceByKey(key, customer.id() + "@" + NUMBER, variables);
  }

  /** Runs the one job the instance has that is not a timer (an asynchronous send). */
  void runAsyncJob(String processInstanceId) {
    Job job = managementService.createJobQuery().processInstanceId(processInstanceId).messages().singleResult();
    managementService.executeJob(job.getId());
  }

  static String uniqueKey(String prefix) {
    return prefix + ThreadLocalRandom.current().nextInt(1_000_000);
  }
}
