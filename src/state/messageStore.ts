/** User-facing messages: errors name the file and the problem; nothing is shown only in the console. */
import { create } from 'zustand';

export type MessageKind = 'error' | 'warning' | 'info';

export interface Message {
  id: number;
  kind: MessageKind;
  text: string;
}

interface MessageState {
  messages: Message[];
  push(kind: MessageKind, text: string): void;
  dismiss(id: number): void;
  clear(): void;
}

let nextId = 1;

export const useMessages = create<MessageState>((set) => ({
  messages: [],
  push: (kind, text) => set((s) => ({ messages: [...s.messages, { id: nextId++, kind, text }] })),
  dismiss: (id) => set((s) => ({ messages: s.messages.filter((m) => m.id !== id) })),
  clear: () => set({ messages: [] }),
}));

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
