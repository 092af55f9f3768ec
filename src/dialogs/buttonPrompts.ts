import { ChoicePrompt, ConfirmPrompt, ListStyle } from 'botbuilder-dialogs';

// Choices are always suggested actions, whatever the channel: web chat shows buttons and the phone line reads them as a
// keypad menu. botbuilder's default would write "(1) … or (2) …" into the text on channels it does not know.

export function choicePrompt(id: string): ChoicePrompt {
  const prompt = new ChoicePrompt(id);
  prompt.style = ListStyle.suggestedAction;
  return prompt;
}

export function confirmPrompt(id: string): ConfirmPrompt {
  const prompt = new ConfirmPrompt(id);
  prompt.style = ListStyle.suggestedAction;
  return prompt;
}
