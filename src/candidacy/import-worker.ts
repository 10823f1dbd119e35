/**
 * Worker-thread entry of `candidate import` (built as dist/import-worker.js): reads,
 * parses and validates the file (pipeline.ts) and posts packed batches to the main
 * thread, which evaluates and writes them. Backpressure: reading stops while
 * MAX_IN_FLIGHT batches are unacknowledged, so memory stays constant on any file size.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FlowControl } from '../csv/reader.js';
import { setLang } from '../i18n/index.js';
import { MAX_IN_FLIGHT, produceBatches, toWire, type WorkerInput, type WorkerMessage } from './pipeline.js';

// the thread starts with the catalogue's default: it speaks the run's language (row errors, issue 11)
const input = workerData as WorkerInput;
setLang(input.lang);

const port = parentPort!;
let inFlight = 0;
let paused = false;
let control: FlowControl | undefined;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (m: unknown) => {
  if (m !== 'ack') return;
  inFlight--;
  if (paused && inFlight <= MAX_IN_FLIGHT / 2) {
    paused = false;
    control?.resume();
  }
});

produceBatches(
  input.opts,
  (batch) => {
    inFlight++;
    post({ t: 'batch', batch }, [batch.lens.buffer as ArrayBuffer, batch.nums.buffer as ArrayBuffer]);
    if (inFlight >= MAX_IN_FLIGHT && !paused) {
      paused = true;
      control?.pause();
    }
  },
  (c) => (control = c),
).then(
  (summary) => post({ t: 'done', summary }),
  (e: unknown) => post({ t: 'fail', error: toWire(e) }),
);
