/**
 * Worker-thread entry of `bill pdf --month` (built as dist/pdf-worker.js): one of the pool
 * of renderers (src/documents/index.ts, `renderInWorkers`). It renders and writes the chunks
 * of documents the main thread reads and posts, one document at a time, and reports each
 * file and each finished chunk (the main thread posts at most PDF_CHUNKS_IN_FLIGHT chunks
 * ahead). Between two documents it looks at the pool's shared stop mark: a chunk numbered
 * above it is left off there (a failure earlier in the month, Ctrl-C), so that no file is
 * ever cut in the middle of its write. `bill send` asks it instead for one document's bytes at
 * a time (`render`), sent back without a copy. Its heap is bounded by the Worker's resourceLimits
 * (PDF_WORKER_LIMITS), which is what keeps a month of 100 000 invoices at a flat RSS.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setLang } from '../i18n/index.js';
import { invoicePdfBuffer, toWire, writeInvoicePdf, type FromPdfWorker, type PdfWorkerInput, type ToPdfWorker } from './pdf-files.js';

const input = workerData as PdfWorkerInput;
setLang(input.lang); // file-system errors are told in the run's language; the PDFs are French anyway
const port = parentPort!;
const post = (m: FromPdfWorker) => port.postMessage(m);
const stopAbove = input.stopAbove ? new Int32Array(input.stopAbove) : null;
const stopped = (seq: number) => stopAbove !== null && seq > Atomics.load(stopAbove, 0);

let queue: Promise<void> = Promise.resolve();
let failed = false;

port.on('message', (m: ToPdfWorker) => {
  if (m.t === 'render') {
    // one document's bytes for `bill send` (nothing written): sent back without a copy
    queue = queue.then(async () => {
      try {
        const b = await invoicePdfBuffer(m.doc, input.head);
        const bytes = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
        port.postMessage({ t: 'pdf', id: m.id, bytes } satisfies FromPdfWorker, [bytes]);
      } catch (e) {
        post({ t: 'pdf_fail', id: m.id, error: toWire(e) });
      }
    });
    return;
  }
  queue = queue.then(async () => {
    let index = 0;
    if (failed) {
      post({ t: 'done', seq: m.seq, stopped: true }); // every chunk posted is answered once
      return;
    }
    try {
      for (; index < m.docs.length; index++) {
        if (stopped(m.seq)) {
          post({ t: 'done', seq: m.seq, stopped: true });
          return;
        }
        const doc = m.docs[index]!;
        post({ t: 'file', seq: m.seq, index, number: doc.number, written: await writeInvoicePdf(doc, input.head, input.outDir) });
      }
      post({ t: 'done', seq: m.seq, stopped: false });
    } catch (e) {
      failed = true;
      post({ t: 'fail', seq: m.seq, index, error: toWire(e) });
    }
  });
});
