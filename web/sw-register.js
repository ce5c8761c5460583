// Offline: the service worker (web/sw.js) caches the app at the first visit. A new deployment waits until
// the user agrees to reload (no silent swap under an open registry).
import { $ } from './ui.js';

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('sw.js').then((reg) => {
    const offer = (worker) => {
      if (!worker || !navigator.serviceWorker.controller) return;
      $('update').hidden = false;
      window.mvrUpdateAvailable = true;
      $('update-reload').onclick = () => worker.postMessage('skip-waiting');
    };
    const watch = (w) => { if (w) w.addEventListener('statechange', () => { if (w.state === 'installed') offer(w); }); };
    // The browser checks for a new sw.js on navigation, possibly before this runs: look at what is
    // already waiting or installing, then listen for later updates.
    if (reg.waiting) offer(reg.waiting);
    watch(reg.installing);
    reg.addEventListener('updatefound', () => watch(reg.installing));
    // Each online visit asks for a new deployment (the browser's own check is throttled, and a check
    // made while the page is still starting can be folded into the navigation's own), then every 10 min.
    const check = () => (navigator.onLine ? reg.update().catch(() => {}) : Promise.resolve());
    window.mvrCheckForUpdate = check;
    setTimeout(check, 5000);
    setInterval(check, 600000);
    window.addEventListener('online', check);
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (window.mvrUpdateAvailable && !reloading) { reloading = true; location.reload(); }
    });
  }).catch((e) => console.warn('service worker not registered:', e));
}
