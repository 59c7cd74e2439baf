/**
 * The cell network behind an interface, so the learned segmentation stays pure: the image worker
 * hands in onnxruntime-web (WebGPU when the browser offers it, else wasm, files from the app's own
 * origin), Node tests and the CLI hand in the same package's Node build. Nothing is fetched here.
 */

/** The few onnxruntime-web calls used here (its `ort` namespace satisfies this). */
export interface OrtLike {
  InferenceSession: {
    create(model: Uint8Array, options?: { executionProviders?: string[]; graphOptimizationLevel?: 'all' }): Promise<OrtSession>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
}
interface OrtTensor {
  data: unknown;
  dims: readonly number[];
  dispose?: () => void;
}
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?: () => Promise<void>;
}

/** Channels of the network's output, in order. */
export const MAP_NAMES = ['background', 'interior', 'boundary', 'distance'] as const;

export interface CellNetwork {
  /** Which execution provider answered ('webgpu' or 'wasm'). */
  backend: string;
  /** One grey image (standardised, height × width, both multiples of 16) → 4 maps, each height × width. */
  run(input: Float32Array, width: number, height: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/** Opens the model; tries each backend in order and keeps the first that runs a probe input. */
export async function openNetwork(ort: OrtLike, model: Uint8Array, backends: string[] = ['wasm']): Promise<CellNetwork> {
  const failures: string[] = [];
  for (const backend of backends) {
    try {
      const session = await ort.InferenceSession.create(model, { executionProviders: [backend], graphOptimizationLevel: 'all' });
      const net = wrap(ort, session, backend);
      await net.run(new Float32Array(32 * 32), 32, 32);
      return net;
    } catch (e) {
      failures.push(`${backend}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`The segmentation model could not be opened (${failures.join('; ')})`);
}

function wrap(ort: OrtLike, session: OrtSession, backend: string): CellNetwork {
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  return {
    backend,
    async run(input, width, height) {
      if (width % 16 !== 0 || height % 16 !== 0) throw new Error(`network input must be a multiple of 16 px (got ${width} × ${height})`);
      const tensor = new ort.Tensor('float32', input, [1, 1, height, width]);
      const out = await session.run({ [inputName]: tensor });
      const maps = out[outputName]!;
      const data = maps.data as Float32Array;
      const copy = data.slice();
      maps.dispose?.();
      return copy;
    },
    async release() {
      await session.release?.();
    },
  };
}
