/**
 * Chart draws one per task: a panel's answer arrives for several charts at once, and drawing them
 * all in the same Svelte flush made one main-thread task of several hundred ms (ECharts' setOption
 * lays out and paints synchronously). Queued here, each chart draws in its own macrotask (a
 * MessageChannel message: no 4 ms timer clamp), so input and other work run in between.
 */
type Job = () => void;

const queue: Job[] = [];
let scheduled = false;
let channel: MessageChannel | null = null;

function pump(): void {
  scheduled = false;
  queue.shift()?.();
  if (queue.length) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  if (typeof MessageChannel === 'undefined') {
    setTimeout(pump, 0);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = pump;
  }
  channel.port2.postMessage(null);
}

/** Runs `draw` in a task of its own after the draws queued before it; the returned function drops it if it has not run yet. */
export function queueDraw(draw: Job): () => void {
  const job: Job = () => draw();
  queue.push(job);
  schedule();
  return () => {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
  };
}
