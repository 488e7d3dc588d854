package io.atende.platform;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Deploys the models folder once the engine is built, before the web server and job executor start. */
@Component
class DeployOnStart implements SmartInitializingSingleton {

  private final ProcessDeployer deployer;

  DeployOnStart(ProcessDeployer deployer) {
    this.deployer = deployer;
  }

  @Override
  public void afterSingletonsInstantiated() {
    deployer.deploy();
  }
}
