/** Names, labels and parameter names of the purchase/dropout models, shared by the engine and the UI. */

export type ModelName = 'bgnbd' | 'mbgnbd' | 'pareto_nbd';
/** Also the tie-break order of the model choice: the older, simpler model first. */
export const MODEL_NAMES: readonly ModelName[] = ['bgnbd', 'mbgnbd', 'pareto_nbd'];
/** The names the literature uses; the same in zh and en. */
export const MODEL_LABELS: Record<ModelName, string> = { bgnbd: 'BG/NBD', mbgnbd: 'MBG/NBD', pareto_nbd: 'Pareto/NBD' };
export const PARAM_NAMES: Record<ModelName, readonly string[]> = {
  bgnbd: ['r', 'alpha', 'a', 'b'],
  mbgnbd: ['r', 'alpha', 'a', 'b'],
  pareto_nbd: ['r', 'alpha', 's', 'beta'],
};
/** Whether a member with no repeat purchase can be gone: not in BG/NBD (dropout only happens after a repeat purchase). */
export const ONE_TIME_BUYERS_CAN_LAPSE: Record<ModelName, boolean> = { bgnbd: false, mbgnbd: true, pareto_nbd: true };
/**
 * Holdout total errors within this share of the actual holdout repeat purchases of the best one
 * are a tie: 2 % of 1,882 CDNOW holdout purchases is 38, about the sampling noise of such a total.
 */
export const CHOICE_TIE_SHARE = 0.02;
/** How a parameter is printed. */
export const PARAM_SYMBOLS: Record<string, string> = { r: 'r', alpha: 'α', a: 'a', b: 'b', s: 's', beta: 'β', p: 'p', q: 'q', gamma: 'γ' };

/**
 * How the model that drives the predictions was chosen:
 * 'holdout_total_error': smallest |Σ predicted − Σ actual| holdout repeat purchases among converged models
 *   (within CHOICE_TIE_SHARE of the actual total: a model letting one-time buyers lapse, then the smaller error by frequency);
 * 'log_likelihood': no usable holdout check, highest log-likelihood among converged models (same parameter count, so also lowest AIC/BIC);
 * 'none_converged': no model converged; BG/NBD is named and the fit is reported as not converged.
 */
export type ModelChoiceRule = 'holdout_total_error' | 'log_likelihood' | 'none_converged';
