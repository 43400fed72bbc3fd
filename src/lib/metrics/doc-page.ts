/** docs/metrics.md as a whole: the metric catalogue, the models' fit rules, the model measures. */
import { renderFitRulesDoc } from '../models/fit-rules.ts';
import { renderModelMeasuresDoc } from '../models/model-measures.ts';
import { renderMetricsDoc } from './doc.ts';
import { METRICS } from './index.ts';

export const metricsDocPage = (): string => `${renderMetricsDoc(METRICS)}\n${renderFitRulesDoc()}\n${renderModelMeasuresDoc()}`;
