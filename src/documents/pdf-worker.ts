/**
 * Worker-thread entry of `bill pdf --month` (built as dist/pdf-worker.js): renders and
 * writes the pages of documents the main thread reads and posts, one document at a time,
 * and reports each file and each finished page (the main thread posts at most
 * PDF_PAGES_IN_FLIGHT pages ahead). Its heap is bounded by the Worker's resourceLimits
 * (PDF_WORKER_LIMITS), which is what keeps a month of 100 000 invoices at a flat RSS.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setLang } from '../i18n/index.js';
import { toWire, writeInvoicePdf, type FromPdfWorker, type PdfWorkerInput, type ToPdfWorker } from './pdf-files.js';

const input = workerData as PdfWorkerInput;
setLang(input.lang); // file-system errors are told in the run's language; the PDFs are French anyway
const port = parentPort!;
const post = (m: FromPdfWorker) => port.postMessage(m);

let queue: Promise<void> = Promise.resolve();
let failed = false;

port.on('message', (m: ToPdfWorker) => {
  queue = queue.then(async () => {
    if (failed) return;
    try {
      for (const doc of m.docs) {
        post({ t: 'file', number: doc.number, written: await writeInvoicePdf(doc, input.head, input.outDir) });
      }
      post({ t: 'page' });
    } catch (e) {
      failed = true;
      post({ t: 'fail', error: toWire(e) });
    }
  });
});
