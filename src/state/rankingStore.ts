/**
 * From a trained model to a banking decision: the experiment's final model (trained here or
 * imported from another experiment), every clone scored with an interval, and the user's choices
 * (threshold, pinned and excluded clones) — all stored, so a reload keeps the decision.
 */
import { create } from 'zustand';
import { APP_VERSION } from '../core/appVersion';
import { checkCompatibility } from '../core/models/prediction';
import { modelFromJson, modelToJson, type ModelCondition, type TrainedModel } from '../core/models/modelFile';
import type { ModelKind } from '../core/models/grid';
import { planInputsFrom, type PlanInputs } from '../core/planning';
import { profileColumns } from '../core/profiles';
import { openWorkbenchDb } from '../storage/db';
import { getAnalysis, putAnalysis } from '../storage/repository';
import type { ScoredClone } from '../workers/modelApi';
import { scoreJob, trainFinalJob } from '../workers/modelClient';
import { useAnalysis } from './analysisData';
import { useExperiments } from './experimentStore';
import { errorText, useMessages } from './messageStore';
import { modelInput } from './modelStore';
import { savedParams } from './segmentationStore';
import { useTasks } from './taskStore';

export interface RankingChoices {
  threshold: number;
  pinned: string[];
  excluded: string[];
  /** Bank plan inputs (process, risk, entered folds). */
  plan: PlanInputs;
}

export const DEFAULT_RANKING: RankingChoices = { threshold: 11, pinned: [], excluded: [], plan: planInputsFrom(undefined) };
const REPLICATES = 50;

interface RankingState extends RankingChoices {
  model: TrainedModel | null;
  scores: ScoredClone[] | null;
  intervalMethod: string;
  selectedClone: string | null;
  load(): Promise<void>;
  train(kind: ModelKind, condition: ModelCondition): Promise<void>;
  importModel(file: File): Promise<void>;
  exportModelJson(): string | null;
  score(): Promise<void>;
  setThreshold(t: number): void;
  togglePinned(clone: string): void;
  toggleExcluded(clone: string): void;
  selectClone(clone: string | null): void;
  setPlan(change: Partial<PlanInputs>): void;
}

async function saveChoices(choices: RankingChoices): Promise<void> {
  const experimentId = useExperiments.getState().current?.id;
  if (!experimentId) return;
  const db = await openWorkbenchDb();
  await putAnalysis(db, { id: `${experimentId}|ranking`, experimentId, kind: 'ranking', inputKey: '', createdAt: Date.now(), payload: choices });
}

async function saveModel(model: TrainedModel): Promise<void> {
  const experimentId = useExperiments.getState().current?.id;
  if (!experimentId) return;
  const db = await openWorkbenchDb();
  await putAnalysis(db, { id: `${experimentId}|model`, experimentId, kind: 'model', inputKey: model.segmentation.paramsHash, createdAt: Date.now(), payload: modelToJson(model) });
}

export const useRanking = create<RankingState>((set, get) => {
  const choices = (): RankingChoices => ({ threshold: get().threshold, pinned: get().pinned, excluded: get().excluded, plan: get().plan });
  return {
    ...DEFAULT_RANKING,
    model: null,
    scores: null,
    intervalMethod: '',
    selectedClone: null,

    load: async () => {
      const experimentId = useExperiments.getState().current?.id;
      if (!experimentId) return set({ model: null, scores: null });
      const db = await openWorkbenchDb();
      const [m, r] = await Promise.all([getAnalysis(db, experimentId, 'model'), getAnalysis(db, experimentId, 'ranking')]);
      const stored = r?.payload as Partial<RankingChoices> | undefined;
      set({
        ...DEFAULT_RANKING,
        ...(stored ?? {}),
        plan: planInputsFrom(stored?.plan),
        model: m ? modelFromJson(m.payload as string) : null,
        scores: null,
        selectedClone: null,
      });
      if (get().model) await get().score();
    },

    train: async (kind, condition) => {
      if (!useExperiments.getState().canWrite()) return;
      const input = modelInput();
      const current = useExperiments.getState().current;
      if (!input || !current) return;
      const params = savedParams(current.segmentationParams);
      const data = useAnalysis.getState().data!;
      const controller = useTasks.getState().start('train', `Training the final ${kind.toUpperCase()} model (6–${condition.windowEndH} h × ${condition.fovCount} FOVs)`, 1);
      try {
        const model = await trainFinalJob(input, kind, condition, { paramsHash: data.paramsHash, params, appVersion: APP_VERSION }, { signal: controller.signal, label: 'final model' });
        await saveModel(model);
        set({ model, scores: null });
        useMessages.getState().push('info', `Final ${kind.toUpperCase()} model trained on ${model.training.clones.length} clones: leave-one-out RMSE ${model.training.loocvRmse.toFixed(3)} (${model.training.validation}).`);
      } catch (err) {
        if (!controller.signal.aborted) useMessages.getState().push('error', `Training failed: ${errorText(err)}`);
      } finally {
        useTasks.getState().finish('train');
      }
      if (get().model) await get().score();
    },

    importModel: async (file) => {
      if (!useExperiments.getState().canWrite()) return;
      const messages = useMessages.getState();
      const data = useAnalysis.getState().data;
      try {
        const model = modelFromJson(await file.text());
        if (!data) throw new Error('this experiment has no measurements yet: segment and measure it first');
        const problems = checkCompatibility(model, {
          paramsHash: data.paramsHash,
          columns: profileColumns(data.index.timesH),
          timePointsH: data.index.timesH,
        });
        if (problems.length > 0) {
          messages.push('error', `${file.name} cannot score this experiment:\n${problems.map((p) => `• ${p}`).join('\n')}`);
          return;
        }
        await saveModel(model);
        set({ model, scores: null });
        messages.push('info', `${file.name}: ${model.kind.toUpperCase()} model (6–${model.condition.windowEndH} h × ${model.condition.fovCount} FOVs, trained ${model.createdAt.slice(0, 10)} on ${model.training.clones.length} clones) imported.`);
        await get().score();
      } catch (err) {
        messages.push('error', `${file.name}: ${errorText(err)}`);
      }
    },

    exportModelJson: () => {
      const m = get().model;
      return m ? modelToJson(m) : null;
    },

    score: async () => {
      const input = modelInput();
      const model = get().model;
      if (!input || !model) return;
      // A stored model may predate a new segmentation of this experiment: check it as an imported one.
      const data = useAnalysis.getState().data;
      const problems = data ? checkCompatibility(model, { paramsHash: data.paramsHash, columns: profileColumns(data.index.timesH), timePointsH: data.index.timesH }) : [];
      if (problems.length > 0) {
        set({ scores: null });
        useMessages
          .getState()
          .push('warning', `The final model stored with this experiment cannot score it as it is now:\n${problems.map((p) => `• ${p}`).join('\n')}\nTrain it again, or import a model that matches.`);
        return;
      }
      const controller = useTasks.getState().start('score', `Scoring clones (${REPLICATES} FOV resamples for the intervals)`, 1);
      try {
        const r = await scoreJob(input, model, REPLICATES, { signal: controller.signal, label: 'scoring' });
        set({ scores: r.clones, intervalMethod: r.intervalMethod });
      } catch (err) {
        if (!controller.signal.aborted) useMessages.getState().push('error', `Scoring failed: ${errorText(err)}`);
      } finally {
        useTasks.getState().finish('score');
      }
    },

    setThreshold: (threshold) => {
      set({ threshold });
      void saveChoices(choices());
    },
    togglePinned: (clone) => {
      const pinned = get().pinned.includes(clone) ? get().pinned.filter((c) => c !== clone) : [...get().pinned, clone];
      set({ pinned, excluded: get().excluded.filter((c) => c !== clone) });
      void saveChoices(choices());
    },
    toggleExcluded: (clone) => {
      const excluded = get().excluded.includes(clone) ? get().excluded.filter((c) => c !== clone) : [...get().excluded, clone];
      set({ excluded, pinned: get().pinned.filter((c) => c !== clone) });
      void saveChoices(choices());
    },
    selectClone: (selectedClone) => set({ selectedClone }),
    setPlan: (change) => {
      set({ plan: { ...get().plan, ...change } });
      void saveChoices(choices());
    },
  };
});

/** The clones chosen for banking: pinned ones, plus those at or above the threshold, minus excluded. */
export function bankedClones(scores: readonly ScoredClone[], c: RankingChoices): Set<string> {
  const out = new Set<string>();
  for (const s of scores) if ((s.prediction >= c.threshold || c.pinned.includes(s.clone)) && !c.excluded.includes(s.clone)) out.add(s.clone);
  return out;
}
