package io.atende.journey;

import java.util.List;

/**
 * One option of the bot's textual menu, as the analyst defines it in {@code processes/menu-options.dmn}.
 *
 * @param number what the customer types to choose it ({@code 1})
 * @param label how the menu shows it ({@code Comercial}); typing it chooses the option too
 * @param skill the queue (candidate group of the agents) the option leads to ({@code comercial})
 * @param keywords further words that choose it ({@code vendas}, {@code orçamento})
 */
public record MenuOption(int number, String label, String skill, List<String> keywords) {

  public MenuOption {
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
  }

  /** The menu line: {@code 1 – Comercial}. */
  public String line() {
    return number + " – " + label;
  }
}
