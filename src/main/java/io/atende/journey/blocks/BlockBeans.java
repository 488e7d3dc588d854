package io.atende.journey.blocks;

import java.util.List;

/** The blocks' delegates, for an engine of its own (the scenarios' sandbox). */
public final class BlockBeans {

  private BlockBeans() {}

  public static List<Class<?>> classes() {
    return List.of(SendText.class, ShowMenu.class, StoreAnswer.class, MatchMenuOption.class, CheckDocument.class, HandOverToQueue.class, SendTemplate.class,
        AddToNotes.class);
  }
}
