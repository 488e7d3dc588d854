package io.atende.journey.blocks;

import io.atende.conversation.ConversationStore;
import io.atende.journey.JourneyVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Block "Anotar na ficha do protocolo" ({@code ${addToNotes}}): adds the text of field {@code text}, its
 * {@code {variables}} filled from the process, as a line of the conversation's notes, which the agent sees and edits in
 * the desk's "Ficha do protocolo" (Anotações). A text that comes out blank adds nothing.
 */
@Component(Blocks.Beans.ADD_TO_NOTES)
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class AddToNotes implements JavaDelegate {

  private final ConversationStore conversations;
  private Expression text;

  AddToNotes(ConversationStore conversations) {
    this.conversations = conversations;
  }

  public void setText(Expression text) {
    this.text = text;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String line = SendText.fill(BlockField.required(text, Blocks.Fields.TEXT, execution), execution).strip();
    if (line.isEmpty()) {
      return;
    }
    long conversationId = JourneyVariables.conversationId(execution);
    String notes = conversations.notes(conversationId);
    conversations.saveNotes(conversationId, notes == null || notes.isBlank() ? line : notes.stripTrailing() + "\n" + line);
  }
}
