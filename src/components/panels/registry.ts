/** Panel routes → components. Each panel lives in its own file; App renders the one in the URL. */
import type { Component } from 'svelte';
import type { Panel } from '../../lib/view-state.ts';
import CompassPanel from './CompassPanel.svelte';
import ImportPanel from './ImportPanel.svelte';

export const PANEL_COMPONENTS: Partial<Record<Panel, Component>> = {
  compass: CompassPanel,
  import: ImportPanel,
};

/** Panels without the KPI strip and filter bar above them. */
export const BARE_PANELS: readonly Panel[] = ['import', 'members'];
