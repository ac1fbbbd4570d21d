/** The analysis core as a library (dist/core.js): used by tests and benchmarks, no VS Code needed. */
export { Analyzer, countLabels, explainByOcclusion } from './analysis/analyzer';
export { LruCache } from './analysis/cache';
export { previewWindow } from './analysis/preview';
export { extractProse, prepareExtraction, setAssetReader } from './analysis/extract';
export { foreignLanguage } from './analysis/language';
export { lineStarts } from './analysis/extract/types';
export { PositionMapper, segmentSentences } from './analysis/segment';
export { EmotionClassifier, bundledModelDir } from './classifier/classifier';
export { commitPart } from './cli/commitSplit';
export { commitFigures, dairFigures, docsFigures, goFigures, proseCheck } from './cli/eval';
export { half, pinnedReadmes, readCommitSubjects, readGoEmotions, readLabelled, readProseCheck } from './eval/datasets';
export { classificationMetrics, flagFigures } from './eval/metrics';
export { isFlagged } from './classifier/flagRule';
export { normalizeText } from './classifier/normalize';
export { sanitizeSettings } from './settings';
export { KeyedThrottle } from './throttle';
export { hoverMarkdown } from './hover';
export * from '../../common/protocol';
