/** Panel routes → components. Each panel lives in its own file; App renders the one in the URL. */
import type { Component } from 'svelte';
import type { Panel } from '../../lib/view/view-state.ts';
import BenefitsPanel from './BenefitsPanel.svelte';
import ChurnPanel from './ChurnPanel.svelte';
import CompassPanel from './CompassPanel.svelte';
import ImportPanel from './ImportPanel.svelte';
import RepurchasePanel from './RepurchasePanel.svelte';
import SatisfactionPanel from './SatisfactionPanel.svelte';
import SegmentsPanel from './SegmentsPanel.svelte';
import TiersPanel from './TiersPanel.svelte';
import MembersPanel from './MembersPanel.svelte';
import ValuePanel from './ValuePanel.svelte';

export const PANEL_COMPONENTS: Partial<Record<Panel, Component>> = {
  compass: CompassPanel,
  import: ImportPanel,
  repurchase: RepurchasePanel,
  segments: SegmentsPanel,
  satisfaction: SatisfactionPanel,
  tiers: TiersPanel,
  churn: ChurnPanel,
  members: MembersPanel,
  value: ValuePanel,
  benefits: BenefitsPanel,
};

/** Panels without the KPI strip and filter bar above them. */
export const BARE_PANELS: readonly Panel[] = ['import', 'members'];
