/** Long-running work shown as progress bars: demo generation, imports, batch runs. */
import { create } from 'zustand';

export interface Task {
  id: string;
  label: string;
  done: number;
  total: number;
  detail?: string;
  controller: AbortController;
}

interface TaskState {
  tasks: Record<string, Task>;
  start(id: string, label: string, total: number): AbortController;
  progress(id: string, done: number, detail?: string): void;
  finish(id: string): void;
  cancel(id: string): void;
}

export const useTasks = create<TaskState>((set, get) => ({
  tasks: {},
  start: (id, label, total) => {
    get().tasks[id]?.controller.abort();
    const controller = new AbortController();
    set((s) => ({ tasks: { ...s.tasks, [id]: { id, label, done: 0, total, controller } } }));
    return controller;
  },
  progress: (id, done, detail) =>
    set((s) => {
      const task = s.tasks[id];
      return task ? { tasks: { ...s.tasks, [id]: { ...task, done, detail } } } : s;
    }),
  finish: (id) =>
    set((s) => {
      const { [id]: _, ...rest } = s.tasks;
      return { tasks: rest };
    }),
  cancel: (id) => get().tasks[id]?.controller.abort(),
}));
