/**
 * Child process of the scale bench: one peer (arquero | sqljs) on one synthetic export, in Node —
 * both are plain JS/WASM libraries that run the same in a tab; Node keeps the bench's browser free
 * and lets /usr/bin/time measure the peer's peak RSS alone. Reads the file as text, loads it
 * (the peer's "import"), then computes the five core metrics twice (first = cold, second = warm).
 * Prints one JSON line {loadMs, computeMs, warmComputeMs, rows}.
 */
import { readFileSync } from 'node:fs';
import { arqueroPeer } from './arquero.ts';
import { PEER_PARAMS, type Peer } from './five-metrics.ts';
import { sqljsPeer } from './sqljs.ts';

const [name, file] = process.argv.slice(2);
const peers: Record<string, () => Peer> = { arquero: arqueroPeer, sqljs: sqljsPeer };
if (!peers[name] || !file) throw new Error('usage: tsx bench/peers/run.ts arquero|sqljs FILE');
const peer = peers[name]();
let t = performance.now();
const { rows } = await peer.load(readFileSync(file, 'utf8'));
const loadMs = performance.now() - t;
t = performance.now();
const first = await peer.compute(PEER_PARAMS);
const computeMs = performance.now() - t;
t = performance.now();
await peer.compute(PEER_PARAMS);
const warmComputeMs = performance.now() - t;
peer.close();
if (first.rfm_members.length === 0) throw new Error(`${name}: no RFM rows`);
console.log(JSON.stringify({ loadMs, computeMs, warmComputeMs, rows }));
