package io.atende.platform;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * Takes a pooled connection only when a transaction runs its first statement. The job executor opens a
 * transaction after every job just to count it in the engine's metrics (Camunda's SuccessfulJobListener),
 * and other engine commands may touch nothing either; without this each of them borrows a connection and
 * commits it for nothing.
 */
@Component
class LazyConnections implements BeanPostProcessor {

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource dataSource && !(bean instanceof LazyConnectionDataSourceProxy)) {
      return new LazyConnectionDataSourceProxy(dataSource);
    }
    return bean;
  }
}
