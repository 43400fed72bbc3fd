import { mount } from 'svelte';
import App from './App.svelte';
import { engineClient } from './lib/engine/client.ts';
import './app.css';

mount(App, { target: document.getElementById('app')! });

// The engine handle, for end-to-end tests and curious analysts in the devtools console.
(globalThis as { storeCompass?: unknown }).storeCompass = { engine: engineClient() };
