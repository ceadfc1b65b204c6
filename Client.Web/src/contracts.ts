// The hubs' contract as the browser sees it (Server/Hubs/Contracts: camelCase JSON, enums as strings).

export type ActionKind = "Do" | "Say" | "Story" | "Continue";

export interface StoryDelta { adventureId: string; blockId: string; attempt: number; sequence: number; text: string }
export interface ContinuationEnded { adventureId: string; blockId: string; attempt: number; lastSequence: number; text: string; state: string; message: string | null; model?: string | null }
export interface BlockView {
  id: string; type: string; authorId: string | null; authorName: string | null; kind: string | null;
  text: string; state: string; shown: number; alternatives: number; edited: boolean; hidden: boolean; position: number;
}
export interface LiveBlockView { blockId: string; attempt: number; text: string; lastSequence: number }
export interface MemberView { userId: string; displayName: string; role: string; connected: boolean; muted: boolean; characterName?: string | null }
export interface SettingsView {
  temperature: number; topK: number; topP: number; repetitionPenalty: number;
  maxNewTokens: number; seed: number | null; stopSequences: string[];
}
export interface StoryCardView { id: string; title: string; keys: string[]; text: string; enabled: boolean }
export interface AdventureView {
  id: string; version: number; title: string; joinCode: string; hostId: string; turnPolicy: string; partyCap: number;
  members: MemberView[]; blocks: BlockView[]; live: LiveBlockView | null; nextActorId: string | null; canRedo: boolean;
  settings: SettingsView; memory: string; authorsNote: string; storyCards: StoryCardView[]; bannedWords: string[];
  /** Game masters' views only. */
  banned?: BannedUserView[];
  actionPerson?: ActionPerson;
}
export interface BannedUserView { userId: string; displayName: string }
export interface AdventureSummaryView { id: string; title: string; joinCode: string; role: string; memberCount: number; updatedAt: string }
export interface StoryUpdate { adventureId: string; version: number; blocks: BlockView[]; removed: string[]; nextActorId: string | null; canRedo: boolean }
export interface PresenceUpdate { adventureId: string; userId: string; displayName: string; status: string }
export interface TypingUpdate { adventureId: string; userId: string; displayName: string; isTyping: boolean }
export interface StreamCatchUp { adventureId: string; blockId: string; attempt: number; missed: StoryDelta[] }
export interface CreateAdventureRequest {
  title: string; scenarioPrompt: string; placeholders?: Record<string, string>;
  turnPolicy?: string; partyCap?: number; settings?: SettingsView; memory?: string; authorsNote?: string;
  actionPerson?: ActionPerson; characterName?: string | null;
}
export interface LiveAdventureView { id: string; title: string; joinCode: string; members: MemberView[]; writingBlockId: string | null }
export interface EngineStateView {
  modelName: string; queueLength: number; batchSize: number; prefillingSequences: number; tokensPerSecond: number;
  timeToFirstTokenP50Ms: number; cacheUse: number; promptTokensPrefilled: number; promptTokensReused: number;
  steps: number; liveContinuations: number;
}

/** How actions are framed: "> You open the door." or, in a party, "> Mira opens the door.". */
export type ActionPerson = "Second" | "Third";
export interface ContextPartView { text: string; tokens: number }
export interface ContextCardView { title: string; key: string; text: string; tokens: number }
export interface ContextView {
  adventureId: string; builtAt: string; prompt: string; tokenCount: number; budget: number;
  memory: ContextPartView; cards: ContextCardView[]; authorsNote: ContextPartView; story: ContextPartView;
  blocksLeftOut: number; firstBlockCut: boolean;
}
