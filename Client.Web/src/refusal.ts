// The server's refusals start with a reason word for programs ("Busy: The story is being written...");
// people are shown the sentence after it.

/** A server message without its leading reason word ("Banned: You were banned..." becomes "You were banned..."). */
export function sentence(message: string): string {
  return message.replace(/^[A-Z][A-Za-z]*: /, "");
}
