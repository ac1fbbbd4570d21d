/**
 * The emotion classifier: a transformers.js text-classification pipeline over a
 * local model folder (the bundled model by default) or, only when the user allows
 * it, a Hugging Face Hub id. Shared by the server's worker thread and the CLI.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EMOTIONS, Emotion, FALLBACK_THRESHOLD, scoresFromArray, topEmotion } from '../../../common/protocol';
import type { Classification } from './flagRule';

export type { Classification } from './flagRule';
export { isFlagged } from './flagRule';
import { hasWords, normalizeText } from './normalize';
import type { RuntimeName } from './ortRuntime';

export interface LoadOptions {
  /** '' or undefined: the bundled model; a folder; or a Hub id. */
  model?: string;
  allowRemoteModels?: boolean;
  /** Where downloaded models are cached (only with allowRemoteModels). */
  cacheDir?: string;
}

/** Said once per process when the native runtime cannot load and WASM runs instead. */
let fallbackNoted = false;


/** Texts are cut before tokenising: the model reads at most 128 tokens anyway. */
const MAX_CHARS = 4000;
const BATCH = 32;
/** Normalised lengths within this many characters share a batch whatever their ratio (few tokens apart). */
const SHORT_CHARS = 16;

export class ModelError extends Error {}

/** The bundled model folder: model/emotion-distilbert beside dist/. */
export function bundledModelDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'model', 'emotion-distilbert'), path.resolve(__dirname, '..', '..', '..', 'model', 'emotion-distilbert')];
  return candidates.find((c) => fs.existsSync(path.join(c, 'config.json'))) ?? candidates[0];
}

function looksLikePath(spec: string): boolean {
  return path.isAbsolute(spec) || spec.startsWith('.') || spec.startsWith('~') || fs.existsSync(spec);
}

function checkFolder(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ModelError(`model folder not found: ${dir}`);
  for (const f of ['config.json', 'tokenizer.json']) {
    const p = path.join(dir, f);
    if (!fs.existsSync(p)) throw new ModelError(`model folder ${dir} has no ${f}`);
    try {
      JSON.parse(fs.readFileSync(p, 'utf8'));
    } catch (e) {
      throw new ModelError(`model folder ${dir}: ${f} is not valid JSON (${(e as Error).message})`);
    }
  }
  if (!['model.onnx', 'model_quantized.onnx'].some((f) => fs.existsSync(path.join(dir, 'onnx', f)))) {
    throw new ModelError(`model folder ${dir} has no onnx/model.onnx (export it with transformers.js's convert script)`);
  }
}

/** The model's config.json, as far as the classifier reads it. */
export interface ModelConfig {
  id2label?: Record<string, string>;
  emotion_lens?: { threshold?: number; keep_punctuation?: string };
}

export type Pipe = (texts: string[], opts: { topk: number }) => Promise<{ label: string; score: number }[][]>;

export class EmotionClassifier {
  private constructor(
    private readonly pipe: Pipe,
    /** Our label for each of the model's labels. */
    private readonly labelMap: Map<string, Emotion>,
    /** The model's label for its seventh, `neutral` output, when it has one. */
    private readonly neutralLabel: string | undefined,
    /** The model's calibrated default threshold (config.json emotion_lens.threshold). */
    readonly defaultThreshold: number,
    readonly source: string,
    /** Punctuation the model reads (config.json emotion_lens.keep_punctuation). */
    private readonly keep = '',
  ) {}

  /** Which onnxruntime runs the model: the native library, or WASM (universal package, browser, fallback). */
  runtime: RuntimeName = 'native';

  static async load(opts: LoadOptions = {}): Promise<EmotionClassifier> {
    const spec = (opts.model ?? '').trim();
    const { env, pipeline } = await import('@xenova/transformers');
    // esbuild points transformers.js's onnxruntime-node import at ortRuntime.ts, which chose already
    const { runtime, configureWasm, WASM_FILE } = await import('./ortRuntime');
    if (runtime.name === 'wasm') {
      // transformers.js sets wasmPaths to a CDN or its own folder on import: point it at ours
      if (!fs.existsSync(path.join(__dirname, WASM_FILE))) {
        throw new ModelError(`the native onnxruntime could not load (${runtime.fallbackReason ?? 'WASM forced'}) and ${WASM_FILE} is not beside ${__dirname}`);
      }
      configureWasm(env.backends.onnx, __dirname + path.sep);
      if (runtime.fallbackReason && !fallbackNoted) {
        fallbackNoted = true;
        process.stderr.write(`emotion-lens: native onnxruntime unavailable (${runtime.fallbackReason}); using WebAssembly (slower)\n`);
      }
    }
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useBrowserCache = false;
    let id: string;
    let config: ModelConfig;
    const local = !spec || looksLikePath(spec);
    const dir = spec ? path.resolve(spec.replace(/^~(?=$|\/)/, process.env.HOME ?? '~')) : bundledModelDir();
    if (local) {
      checkFolder(dir);
      env.localModelPath = path.dirname(dir) + path.sep;
      env.useFSCache = false;
      id = path.basename(dir);
      config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    } else {
      if (!opts.allowRemoteModels) {
        throw new ModelError(`"${spec}" is not a local folder, and downloading models is off (turn on emotionLens.allowRemoteModels to fetch it from the Hugging Face Hub)`);
      }
      env.allowRemoteModels = true;
      env.allowLocalModels = false;
      env.useFSCache = true;
      if (opts.cacheDir) env.cacheDir = opts.cacheDir;
      id = spec;
      config = {};
    }
    // a local folder may hold only the int8 model_quantized.onnx; Hub models have both
    const hasFull = local ? fs.existsSync(path.join(dir, 'onnx', 'model.onnx')) : true;
    let pipe: any;
    try {
      pipe = await pipeline('text-classification', id, { quantized: !hasFull });
    } catch (e) {
      throw new ModelError(`could not load model ${spec || dir}: ${(e as Error).message}`);
    }
    const classifier = EmotionClassifier.fromPipeline(pipe as Pipe, config, spec || dir);
    classifier.runtime = runtime.name;
    return classifier;
  }

  /** The label mapping and threshold of a loaded pipeline (shared by the Node and the browser loaders). */
  static fromPipeline(pipe: Pipe, config: ModelConfig, source: string): EmotionClassifier {
    const model = (pipe as unknown as { model?: { config?: ModelConfig } }).model;
    const id2label: Record<string, string> = model?.config?.id2label ?? config.id2label ?? {};
    const labelMap = new Map<string, Emotion>();
    let neutralLabel: string | undefined;
    for (const [i, name] of Object.entries(id2label)) {
      const lower = String(name).toLowerCase();
      if (lower === 'neutral') {
        neutralLabel = String(name);
        continue;
      }
      const known = (EMOTIONS as readonly string[]).includes(lower) ? (lower as Emotion) : EMOTIONS[Number(i)];
      if (known) labelMap.set(String(name), known);
    }
    if (labelMap.size !== EMOTIONS.length) {
      throw new ModelError(`model ${source} does not have the six emotion labels (${EMOTIONS.join(', ')})`);
    }
    const lens = model?.config?.emotion_lens ?? config.emotion_lens;
    const threshold = lens?.threshold ?? FALLBACK_THRESHOLD;
    const keep = typeof lens?.keep_punctuation === 'string' ? lens.keep_punctuation : '';
    return new EmotionClassifier(pipe, labelMap, neutralLabel, threshold, source, keep);
  }

  /**
   * Classifies texts in batches; never throws on odd text (empty, huge, NUL, emoji).
   * `between` runs after each batch but the last (the worker serves hovers there).
   */
  async classify(texts: string[], opts: { batch?: number; between?: () => Promise<void> } = {}): Promise<Classification[]> {
    const size = opts.batch ?? BATCH;
    const normalized = texts.map((t) => normalizeText(String(t).slice(0, MAX_CHARS), this.keep));
    const out: Classification[] = new Array(texts.length);
    // similar lengths in a batch means less padding: sorted by length, and a batch ends where
    // the length doubles (a hover's single words would otherwise be padded to its sentence)
    const order = normalized.map((_, i) => i).sort((a, b) => normalized[a].length - normalized[b].length);
    for (let s = 0, e = 0; s < order.length; s = e) {
      if (s > 0) await opts.between?.();
      const limit = 2 * normalized[order[s]].length + SHORT_CHARS;
      for (e = s + 1; e < order.length && e - s < size && normalized[order[e]].length <= limit; e++);
      const idx = order.slice(s, e);
      const results = await this.pipe(idx.map((i) => normalized[i]), { topk: 0 });
      idx.forEach((i, k) => {
        const values = new Array<number>(EMOTIONS.length).fill(0);
        let neutral = 0;
        for (const { label, score } of results[k]) {
          const e = this.labelMap.get(label);
          if (e) values[EMOTIONS.indexOf(e)] = score;
          else if (label === this.neutralLabel) neutral = score;
        }
        const scores = scoresFromArray(values);
        out[i] = { ...topEmotion(scores), scores, neutral, readable: hasWords(normalized[i]) };
      });
    }
    return out;
  }
}
