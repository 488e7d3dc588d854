package io.atende.journey.scenarios;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A journey's scenarios, as an analyst writes them in {@code processes/<journey>.scenarios.yaml}:
 *
 * <pre>
 * journey: conversation          # the process a customer's first message starts (default: the file's name)
 * number: "106540352242922"      # the business number the customer writes to (optional)
 * customer: Maria Silva          # the customer's WhatsApp name (optional)
 * scenarios:
 *   - name: Escolhe o financeiro
 *     steps:
 *       - customer says: Oi
 *       - bot says: Olá! ...                 # the bot's next message, exactly
 *       - bot says containing: 2 – Financeiro # the bot's next message contains this
 *       - customer sends: image              # media: no text
 *       - time passes: PT5M                  # ISO-8601
 *       - ends in queue: financeiro          # waits for an agent of that queue
 *       - protocol notes contain: Pedido 123 # the notes of the protocol's form contain this
 *       - conversation ends                  # the journey is over
 *       - bot says nothing more              # every message of the bot was expected
 * </pre>
 */
record ScenarioFile(String file, String journey, String number, String customer, List<Scenario> scenarios) {

  static final String DEFAULT_NUMBER = "106540352242922";
  static final String DEFAULT_CUSTOMER = "Cliente de teste";

  record Scenario(String name, int line, List<Step> steps) {}

  enum Kind {
    CUSTOMER_SAYS("customer says", true),
    CUSTOMER_SENDS("customer sends", true),
    BOT_SAYS("bot says", true),
    BOT_SAYS_CONTAINING("bot says containing", true),
    BOT_SAYS_NOTHING_MORE("bot says nothing more", false),
    TIME_PASSES("time passes", true),
    ENDS_IN_QUEUE("ends in queue", true),
    PROTOCOL_NOTES_CONTAIN("protocol notes contain", true),
    CONVERSATION_ENDS("conversation ends", false);

    final String words;
    final boolean takesValue;

    Kind(String words, boolean takesValue) {
      this.words = words;
      this.takesValue = takesValue;
    }

    static Kind of(String words) {
      String normal = words.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      for (Kind kind : values()) {
        if (kind.words.equals(normal)) {
          return kind;
        }
      }
      return null;
    }
  }

  record Step(int number, int line, Kind kind, String value) {
    String describe() {
      return kind.words + (value == null ? "" : ": " + value);
    }
  }

  /** A scenario file that cannot be read, with the line of the mistake. */
  static class InvalidScenarioFileException extends RuntimeException {
    final int line;
    final String reason;

    InvalidScenarioFileException(String file, int line, String reason) {
      super(file + (line > 0 ? ":" + line : "") + ": " + reason);
      this.line = line;
      this.reason = reason;
    }
  }

  static ScenarioFile parse(String file, byte[] content) {
    Node root;
    try {
      root = new Yaml().compose(new StringReader(new String(content, StandardCharsets.UTF_8)));
    } catch (YAMLException e) {
      throw new InvalidScenarioFileException(file, 0, "not valid YAML: " + e.getMessage());
    }
    if (!(root instanceof MappingNode top)) {
      throw new InvalidScenarioFileException(file, 1, "expected 'journey:' and 'scenarios:' at the top");
    }
    String journey = file.replaceAll(".*/", "").replace(".scenarios.yaml", "");
    String number = DEFAULT_NUMBER;
    String customer = DEFAULT_CUSTOMER;
    List<Scenario> scenarios = null;
    for (NodeTuple entry : top.getValue()) {
      String key = scalar(file, entry.getKeyNode());
      switch (key) {
        case "journey" -> journey = scalar(file, entry.getValueNode());
        case "number" -> number = scalar(file, entry.getValueNode());
        case "customer" -> customer = scalar(file, entry.getValueNode());
        case "scenarios" -> scenarios = scenarios(file, entry.getValueNode());
        default -> throw new InvalidScenarioFileException(file, line(entry.getKeyNode()),
            "unknown key '" + key + "'; expected journey, number, customer or scenarios");
      }
    }
    if (scenarios == null || scenarios.isEmpty()) {
      throw new InvalidScenarioFileException(file, 1, "no scenarios: add 'scenarios:' with at least one");
    }
    return new ScenarioFile(file, journey, number, customer, scenarios);
  }

  private static List<Scenario> scenarios(String file, Node node) {
    if (!(node instanceof SequenceNode list)) {
      throw new InvalidScenarioFileException(file, line(node), "'scenarios' must be a list ('- name: ...')");
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (Node item : list.getValue()) {
      if (!(item instanceof MappingNode scenario)) {
        throw new InvalidScenarioFileException(file, line(item), "a scenario needs 'name:' and 'steps:'");
      }
      String name = null;
      List<Step> steps = null;
      for (NodeTuple entry : scenario.getValue()) {
        String key = scalar(file, entry.getKeyNode());
        if (key.equals("name")) {
          name = scalar(file, entry.getValueNode());
        } else if (key.equals("steps")) {
          steps = steps(file, entry.getValueNode());
        } else {
          throw new InvalidScenarioFileException(file, line(entry.getKeyNode()), "unknown key '" + key + "' in a scenario; expected name and steps");
        }
      }
      if (name == null || name.isBlank() || steps == null || steps.isEmpty()) {
        throw new InvalidScenarioFileException(file, line(item), "a scenario needs a 'name:' and at least one step under 'steps:'");
      }
      scenarios.add(new Scenario(name, line(item), steps));
    }
    return scenarios;
  }

  private static List<Step> steps(String file, Node node) {
    if (!(node instanceof SequenceNode list)) {
      throw new InvalidScenarioFileException(file, line(node), "'steps' must be a list ('- customer says: ...')");
    }
    List<Step> steps = new ArrayList<>();
    for (Node item : list.getValue()) {
      String words;
      String value = null;
      if (item instanceof ScalarNode scalar) {
        words = scalar.getValue();
      } else if (item instanceof MappingNode step && step.getValue().size() == 1) {
        words = scalar(file, step.getValue().get(0).getKeyNode());
        value = scalar(file, step.getValue().get(0).getValueNode());
      } else {
        throw new InvalidScenarioFileException(file, line(item), "a step is one line such as '- customer says: Oi'");
      }
      Kind kind = Kind.of(words);
      if (kind == null) {
        throw new InvalidScenarioFileException(file, line(item), "unknown step '" + words + "'; the steps are: "
            + String.join(", ", java.util.Arrays.stream(Kind.values()).map(k -> k.words).toList()));
      }
      if (kind.takesValue && (value == null || value.isEmpty()) && kind != Kind.CUSTOMER_SAYS) {
        throw new InvalidScenarioFileException(file, line(item), "step '" + kind.words + "' needs a value after ':'");
      }
      if (!kind.takesValue && value != null) {
        throw new InvalidScenarioFileException(file, line(item), "step '" + kind.words + "' takes no value");
      }
      steps.add(new Step(steps.size() + 1, line(item), kind, value));
    }
    return steps;
  }

  private static String scalar(String file, Node node) {
    if (!(node instanceof ScalarNode scalar)) {
      throw new InvalidScenarioFileException(file, line(node), "expected a single value here");
    }
    return scalar.getValue();
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }
}
