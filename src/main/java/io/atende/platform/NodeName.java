package io.atende.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This node's stable name in a cluster ({@code atende.node-id}, the host name by default): the owner of the locks and
 * leases the node takes in the shared database (Camunda's jobs, the integration outbox), so that a node restarted
 * after a crash recognises its own stale ones and takes them back at once. Each node needs a name of its own.
 */
@Component
public class NodeName {

  private final String value;

  NodeName(@Value("${atende.node-id:}") String configured) {
    this.value = configured == null || configured.isBlank() ? hostName() : configured.trim();
  }

  public String value() {
    return value;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "atende" : env;
    }
  }
}
