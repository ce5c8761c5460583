// Module.mvrHost: the browser services the C++ side calls (src/platform/browser_web.cpp, main_web.cpp):
// downloads, the file chooser, the clipboard, the URL, links, the parse worker, the other tabs, storage.
import { $, fatal } from './ui.js';
import { parser } from './parse-client.js';
import { makeLink } from './links.js';

const LOCK_NAME = 'mvr-registry-writer';
const channel = 'BroadcastChannel' in self ? new BroadcastChannel('mvr') : null;
let lastCopied = '';

export const host = {
  // The view the URL asks for, as the page was opened: the app applies it before it draws a frame, so
  // that nothing (such as choosing the first model) can rewrite the fragment first.
  initialFragment: location.hash.startsWith('#c=') ? '' : location.hash.replace(/^#/, ''),
  haveLock: false,
  otherTabChanged: false,
  // changes: how many readings differed from the one before (the browser's figure moves on its own as
  // IndexedDB compacts, so the status bar redraws while the app is otherwise idle; tests read it).
  storage: { usage: 0, quota: 0, persisted: false, changes: 0 },
  storageProblem: '',  // why the registry cannot be saved ("" when IndexedDB opened)
  storageDamage: '',   // which stored records failed their checksum at start-up ("" none)
  fatal,
  started() { $('loading').hidden = true; $('canvas').focus(); },
  download(name, mime, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  },
  pickFiles() { $('picker').value = ''; $('picker').click(); },
  setClipboard(text) {
    lastCopied = text;
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(() => {});
  },
  announceCommit() { if (channel) channel.postMessage('commit'); },
  startParse(id) { parser.start(id); },
  ackParse(id) { parser.ack(id); },
  cancelParse() { parser.cancel(); },
  setFragment(fragment, push) {
    const url = location.pathname + location.search + (fragment ? '#' + fragment : '');
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  },
  // A comparison link (web/links.js), copied to the clipboard.
  makeLink(bytes, options) { return makeLink(bytes, options, host.setClipboard); },
};
if (channel) channel.onmessage = () => { host.otherTabChanged = true; };

// What the app last copied (the browser's copy event gives it).
export const copiedText = () => lastCopied;

// One writer at a time: the first tab takes the lock and keeps it; later tabs open read-only and
// reload when the writer announces a commit.
export function takeLock() {
  if (!navigator.locks) return Promise.resolve(true);
  return new Promise((resolve) => {
    navigator.locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => {
      resolve(!!lock);
      return lock ? new Promise(() => {}) : undefined;  // hold it for the life of the tab
    });
  });
}

// host.storage for the status bar: usage, quota, whether persistence was granted.
export function refreshStorage() {
  if (!navigator.storage || !navigator.storage.estimate) return;
  const s = host.storage;
  navigator.storage.estimate().then((e) => {
    const usage = e.usage || 0, quota = e.quota || 0;
    if (usage !== s.usage || quota !== s.quota) s.changes++;
    s.usage = usage;
    s.quota = quota;
  });
  if (navigator.storage.persisted) navigator.storage.persisted().then((p) => {
    if (p !== s.persisted) s.changes++;
    s.persisted = p;
  });
}
