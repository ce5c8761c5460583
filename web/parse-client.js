// Files into the app. All files of one pick or drop are read first, then handed over together: they form
// one import batch (one transaction), so a bad file among them imports nothing.
// Large files of mvr manifests are read by the parse worker (web/parse-worker.js, the same module without
// its UI): it parses and validates beside the main thread, which stores what it sends. The page keeps
// the File (the worker reads it); the app decides from the file's first megabyte whether it can go there.
import { call } from './heap.js';
import { PARSE_WORKER_MIN_BYTES, FORMAT_HEAD_BYTES, PAGE_PACK_MANIFESTS, PAGE_PACKS_IN_FLIGHT } from './mvr-constants.js';

export const parser = {
  worker: null,
  files: new Map(),  // id -> File, until the app starts reading it
  nextId: 1,
  current: 0,
  stats: window.mvrParseStats = { files: 0, packs: 0 },  // for tests and benchmarks
  start(id) {
    const file = this.files.get(id);
    this.files.delete(id);
    this.current = id;
    this.stats.files++;
    if (!this.worker) {
      this.worker = new Worker('parse-worker.js');
      this.worker.onmessage = (e) => this.received(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.failed(this.current, e.message || 'the parse worker stopped');
        this.worker = null;  // a new one for the next file
      };
    }
    this.worker.postMessage({ id, file, name: file.name, perPack: PAGE_PACK_MANIFESTS, maxUnacked: PAGE_PACKS_IN_FLIGHT });
  },
  ack(id) {
    if (this.worker) this.worker.postMessage({ ack: id });
  },
  received(m) {
    if (m.id !== this.current) return;  // a cancelled file's last packs
    if (m.error) { this.failed(m.id, m.error); return; }
    this.stats.packs++;
    call(Module._mvr_parse_pack, m.id, new Uint8Array(m.pack), m.offset, m.done ? 1 : 0, m.clean ? 1 : 0, m.dropped);
    if (m.done) this.current = 0;
  },
  failed(id, message) {
    call(Module._mvr_parse_failed, id, message);
  },
  cancel() {
    if (this.worker && this.current) this.worker.postMessage({ cancel: this.current });
    this.current = 0;
  },
};

// A whole file (or the fetched example registry) into the app's next batch.
export function importBytes(name, bytes, example) {
  call(Module._mvr_import_file, name, bytes, example ? 1 : 0);
}

export async function importFiles(files) {
  // Which large files the worker can read (their start says so: the app decides); then everything else is
  // read whole.
  const heads = await Promise.all(files.map((f) => (f.size >= PARSE_WORKER_MIN_BYTES ? f.slice(0, FORMAT_HEAD_BYTES).arrayBuffer() : null)));
  const external = files.map((f, i) => heads[i] !== null && call(Module._mvr_starts_as_mvr, f.name, new Uint8Array(heads[i])) === 1);
  const contents = await Promise.all(files.map((f, i) => (external[i] ? null : f.arrayBuffer())));
  // All in one go: one batch, one transaction.
  files.forEach((f, i) => {
    if (!external[i]) { importBytes(f.name, new Uint8Array(contents[i]), false); return; }
    const id = parser.nextId++;
    parser.files.set(id, f);
    call(Module._mvr_import_external, f.name, f.size, id);
  });
}
