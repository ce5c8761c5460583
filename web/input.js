// The browser's input that is not the canvas's own: the file chooser, drag and drop, paste and copy.
import { $ } from './ui.js';
import { call } from './heap.js';
import { importFiles } from './parse-client.js';

// copiedText(): what the app last put on the clipboard, for the browser's copy event.
export function wireInput(copiedText) {
  $('picker').addEventListener('change', (e) => importFiles(Array.from(e.target.files)));
  let depth = 0;
  window.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; $('drop').classList.add('on'); });
  window.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; $('drop').classList.remove('on'); } });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    $('drop').classList.remove('on');
    if (e.dataTransfer && e.dataTransfer.files.length) importFiles(Array.from(e.dataTransfer.files));
  });
  document.addEventListener('paste', (e) => {
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    call(Module._mvr_paste, text);
    e.preventDefault();
  });
  document.addEventListener('copy', (e) => {
    const text = copiedText();
    if (!text) return;
    e.clipboardData.setData('text/plain', text);
    e.preventDefault();
  });
  document.addEventListener('contextmenu', (e) => e.preventDefault());
}
