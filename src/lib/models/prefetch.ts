/**
 * The value panel's default fit, made ahead while the page is idle (issue 14: its first paint waited
 * for a fit of 10–30 s at 1M orders). One prefetch per dataset and fit option (the 口径 zero-amount
 * switch): the store/channel/tier filters do not change the fit (it is made on all members; the filters
 * only choose whose predictions come back), so a filter click neither cancels nor repeats it. A new
 * dataset or option cancels the one in flight. Its answer is never painted: it only leaves the fit in
 * the engine, which forgets it on every swap, so the panel's own predict shows the fit of the data in force.
 */
import type { MetricId } from '../metrics/index.ts';
import type { PredictionOptions } from '../members/prediction.ts';

/** Orders from which a prefetch pays: below this the fit takes well under a second in a tab (the demo: no prefetch). */
export const PREFETCH_MIN_ORDERS = 100_000;

/**
 * The value panel's tiles that need no model: plain SQL that the KPI strip (buyers, repurchase rate) and
 * the compass (return-to-store rate, member sales share) have already asked for the same filters, so
 * the engine answers them from its result cache. Measured at 1M: returning buyers, purchase frequency
 * and the median gap between purchases took seconds of fresh SQL and held the tiles back with them.
 */
export const VALUE_BASIS_METRICS = ['buyers', 'repurchase_rate', 'return_to_store_rate', 'member_sales_share'] as const satisfies readonly MetricId[];

/** The fit the value panel asks first (ValuePanel.svelte: 12 months, 1 %/month, the data's own end and split). */
export const defaultFitOptions = (includeZeroAmount: boolean): PredictionOptions => ({ months: 12, monthlyDiscount: 0.01, includeZeroAmount });

export interface PrefetchDeps {
  /** Asks the engine for the fit in the background (engine.prefetchPrediction). */
  prefetch(options: PredictionOptions, requestId: string): Promise<unknown>;
  cancel(requestId: string): void;
  /** Runs `task` when the page is idle; returns a function that unschedules it. */
  whenIdle(task: () => void): () => void;
  newRequestId(): string;
}

/** What the prefetch depends on: a dataset (any value that changes with it) and the fit's option; null = nothing to prefetch. */
export interface PrefetchInput {
  dataset: number;
  orders: number;
  includeZeroAmount: boolean;
}

export class FitPrefetcher {
  private asked: string | null = null;
  private inFlight: string | null = null;
  private unschedule: (() => void) | null = null;
  /** The scheduled prefetch, until it is sent (postpone schedules it again). */
  private pending: (() => void) | null = null;
  /** Request ids sent so far (tests). */
  readonly sent: string[] = [];

  constructor(private readonly deps: PrefetchDeps) {}

  /**
   * The page's state now; call it whenever the dataset, the option or the page's readiness may have
   * changed. `ready` false (the page still busy with its first answers): the prefetch of the same
   * dataset and option is kept, any other is cancelled, and nothing new starts until ready.
   */
  update(input: PrefetchInput | null, ready = true): void {
    const wanted = input && input.orders >= PREFETCH_MIN_ORDERS ? JSON.stringify([input.dataset, input.includeZeroAmount]) : null;
    if (wanted === this.asked) return;
    this.stop();
    if (!input || wanted === null || !ready) return;
    this.asked = wanted;
    const options = defaultFitOptions(input.includeZeroAmount);
    this.pending = () => {
      this.unschedule = null;
      this.pending = null;
      const id = this.deps.newRequestId();
      this.inFlight = id;
      this.sent.push(id);
      // A failure is not the page's: the panel's own predict asks again and reports it.
      this.deps
        .prefetch(options, id)
        .catch(() => undefined)
        .finally(() => {
          if (this.inFlight === id) this.inFlight = null;
        });
    };
    this.unschedule = this.deps.whenIdle(this.pending);
  }

  /**
   * The user did something (a filter, a panel): a prefetch not yet sent waits for the next quiet
   * moment again. Its first step (the calibration summary SQL, seconds at 1M) holds the engine, so one
   * started while the user is still clicking makes the next click wait for it (measured: ~8 s on a
   * restored 1M dataset). A prefetch already sent is left to run: its fits run in the fit worker
   * (session 10), and only its SQL (the two summaries, the scores' table) holds the engine.
   */
  postpone(): void {
    if (!this.unschedule || !this.pending) return;
    this.unschedule();
    this.unschedule = this.deps.whenIdle(this.pending);
  }

  /** Unschedules the prefetch not yet sent and cancels the one in flight. */
  stop(): void {
    this.unschedule?.();
    this.unschedule = null;
    this.pending = null;
    if (this.inFlight) this.deps.cancel(this.inFlight);
    this.inFlight = null;
    this.asked = null;
  }
}
