package io.atende.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * Makes every data source depend on {@link H2CrashRepair}: the repair runs before the database is first opened, and
 * its mark of a database in use is removed only after the data source has closed it.
 */
@Component
class H2CrashRepairFirst implements BeanFactoryPostProcessor {

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    if (!beanFactory.containsBeanDefinition(H2CrashRepair.BEAN)) {
      return;
    }
    for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
      if (!beanFactory.containsBeanDefinition(name)) {
        continue;
      }
      BeanDefinition definition = beanFactory.getBeanDefinition(name);
      List<String> dependsOn = new ArrayList<>(definition.getDependsOn() == null ? List.of() : Arrays.asList(definition.getDependsOn()));
      if (!dependsOn.contains(H2CrashRepair.BEAN)) {
        dependsOn.add(H2CrashRepair.BEAN);
        definition.setDependsOn(dependsOn.toArray(String[]::new));
      }
    }
  }
}
