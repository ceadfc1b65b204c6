// Built-in scenarios offered in the lobby, and the ${placeholder} names a scenario's prompt asks for.

export interface Scenario { id: string; title: string; prompt: string }

export const scenarios: Scenario[] = [
  {
    id: "fantasy",
    title: "The Dragon's Pass",
    prompt: "You are ${character name}, a ${class} from the village of ${home town}. The dragon has burned the last bridge over the river, and the only way east is the mountain pass. You tighten your pack and start to climb.",
  },
  {
    id: "scifi",
    title: "Derelict",
    prompt: "You are ${character name}, engineer of the salvage ship ${ship name}. The derelict station drifts ahead, its lights still blinking after a hundred years. The airlock hisses open.",
  },
  {
    id: "mystery",
    title: "The Locked Study",
    prompt: "You are ${character name}, a detective in ${city}. Lord Ashworth was found dead in his study, the door locked from the inside. The butler shows you in.",
  },
  { id: "custom", title: "", prompt: "" },
];

/** The distinct placeholder names in a prompt, in order: "${character name}" gives "character name". */
export function placeholders(prompt: string): string[] {
  const names = [...prompt.matchAll(/\$\{([^}]+)\}/g)].map(m => (m[1] ?? "").trim()).filter(n => n !== "");
  return [...new Set(names)];
}
