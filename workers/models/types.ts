/** The models' shapes live on the page side of the boundary (one definition); re-exported for the worker's modules. */
export type { BgnbdParams, CalibrationSummary, FitDiagnostics, FittedModel, FittedModels, GammaGammaParams, SkippedFit } from '../../src/lib/models/model-types.ts';
