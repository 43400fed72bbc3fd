/** The dashboard state is shared with every panel through Svelte context. */
import { getContext, setContext } from 'svelte';
import type { Dashboard } from './dashboard.svelte.ts';

const KEY = Symbol('dashboard');

export const setDashboard = (dash: Dashboard): Dashboard => setContext(KEY, dash);
export const getDashboard = (): Dashboard => getContext<Dashboard>(KEY);
