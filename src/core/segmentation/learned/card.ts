/**
 * The model card of the committed segmentation network (public/models/segmenter.onnx): what it
 * expects, how its output is post-processed, and how it scored. Written by
 * scripts/segmenter/card.ts from the training log and the evaluation; a unit test checks the
 * SHA-256 against the file.
 */
import card from './model-card.json';
import type { LearnedParams } from './segment';

export interface FieldScore {
  dice: number;
  f1: number;
  precision: number;
  recall: number;
  profileError: number;
  cells: number;
  truthCells: number;
}

export interface ModelCard {
  name: string;
  /** Path of the model inside the repository, and where the app serves it. */
  file: string;
  url: string;
  sha256: string;
  bytes: number;
  architecture: string;
  parameters: number;
  input: { name: string; scaling: string };
  output: { name: string; channels: string[] };
  training_um_per_px: number;
  network_um_per_px: number;
  postprocessing: LearnedParams;
  training: Record<string, unknown>;
  scores: Record<string, unknown>;
}

export const SEGMENTER_CARD: ModelCard = card as ModelCard;
