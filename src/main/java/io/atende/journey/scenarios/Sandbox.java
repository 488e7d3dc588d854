package io.atende.journey.scenarios;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.engine.spring.SpringTransactionsProcessEngineConfiguration;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A throw-away copy of the service's journey machinery, to run scenarios against models before they go live: its own
 * Camunda engine on its own in-memory H2 database (with our tables, by the same Flyway migrations), the real journey
 * delegates and blocks wired in a Spring context of their own, and WhatsApp replaced by {@link CapturedSends}. It
 * shares nothing that changes with the running service: not its database, engine, job executor, clock or events; it
 * only reads what it is given (texts, settings, the queue directory). Closed after the run.
 */
final class Sandbox implements AutoCloseable {

  private final String name = "atende-scenarios-" + UUID.randomUUID();
  private final SimpleDriverDataSource dataSource;
  private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
  private final ProcessEngine engine;
  private final CapturedSends sends = new CapturedSends();

  /**
   * @param delegates the classes of the delegates and their collaborators, created in the sandbox's context
   * @param given objects used as they are (settings, texts, read-only directories), by bean name
   * @param rules parse listeners every deployment must pass, as in the service
   */
  Sandbox(Collection<Class<?>> delegates, Map<String, Object> given, List<BpmnParseListener> rules) {
    dataSource = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);

    SpringTransactionsProcessEngineConfiguration configuration = new SpringTransactionsProcessEngineConfiguration();
    configuration.setProcessEngineName(name);
    configuration.setDataSource(dataSource);
    configuration.setTransactionManager(transactions);
    configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
    configuration.setJobExecutorActivate(false);
    configuration.setHistory(ProcessEngineConfiguration.HISTORY_NONE);
    configuration.setMetricsEnabled(false);
    configuration.setDbMetricsReporterActivate(false);
    configuration.setAuthorizationEnabled(false);
    configuration.setExpressionManager(new SpringExpressionManager(context));
    configuration.setCustomPreBPMNParseListeners(List.copyOf(rules));
    engine = configuration.buildProcessEngine();
    // not one of the service's engines: the REST API and the webapps must not find it
    ProcessEngines.unregister(engine);

    var beans = context.getBeanFactory();
    beans.registerSingleton("sandboxDataSource", dataSource);
    beans.registerSingleton("transactionManager", transactions);
    JdbcTemplate jdbcTemplate = new JdbcTemplate(dataSource);
    beans.registerSingleton("jdbcTemplate", jdbcTemplate);
    beans.registerSingleton("jdbcClient", JdbcClient.create(jdbcTemplate));
    beans.registerSingleton("messageSender", sends);
    beans.registerSingleton("repositoryService", engine.getRepositoryService());
    beans.registerSingleton("runtimeService", engine.getRuntimeService());
    beans.registerSingleton("taskService", engine.getTaskService());
    beans.registerSingleton("decisionService", engine.getDecisionService());
    beans.registerSingleton("managementService", engine.getManagementService());
    given.forEach(beans::registerSingleton);
    context.register(delegates.toArray(Class<?>[]::new));
    context.refresh();
  }

  ProcessEngine engine() {
    return engine;
  }

  JdbcClient jdbc() {
    return context.getBean(JdbcClient.class);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  List<String> sent() {
    return sends.sent();
  }

  @Override
  public void close() {
    try {
      engine.close();
      context.close();
    } finally {
      new JdbcTemplate(dataSource).execute("SHUTDOWN");
    }
  }
}
