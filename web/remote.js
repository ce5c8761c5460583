// A registry on another host: ?registry=URL (or the registry a published folder names in site.json),
// opened as a view: a pack (mvr pack) on a host that honours Range requests is read in place by the app
// (mvr_open_pack: synchronous Range requests for the pages each view needs), anything else is downloaded whole.
import { $ } from './ui.js';
import { call } from './heap.js';
import { FORMAT_HEAD_BYTES } from './mvr-constants.js';

// Why a hosted registry (or a link) could not be opened: the app shows it.
export function remoteError(message) {
  call(Module._mvr_remote_error, message);
}

// The registry the page is asked to open: ?registry=, else the one site.json names; null when none.
export async function hostedRegistry() {
  let registry = new URLSearchParams(location.search).get('registry');
  if (!registry) {
    try {
      const site = await fetch('site.json', { cache: 'no-cache' });
      // public/site.json ships with every build (registry: null), so a page that names no registry
      // asks for a file that exists, and the console stays free of 404s.
      if (site.ok) registry = (await site.json()).registry || null;
    } catch (e) {}
  }
  return registry;
}

// A hosted registry is downloaded whole and held in memory: past this size the page asks before going on (the
// setting "mvr.remote-limit", in bytes, changes it).
const DEFAULT_REMOTE_LIMIT = 256 * 1024 * 1024;
function remoteLimit() {
  let v = 0;
  try { v = Number(localStorage.getItem('mvr.remote-limit')); } catch (e) {}
  return v > 0 ? v : DEFAULT_REMOTE_LIMIT;
}
function mb(n) {
  const [unit, size] = n >= 1024 ** 3 ? ['GB', 1024 ** 3] : n >= 1024 ** 2 ? ['MB', 1024 ** 2] : ['KB', 1024];
  return (n / size).toFixed(n / size < 10 ? 1 : 0) + ' ' + unit;
}

// An SQLite database file starts with these 16 bytes; a pack (mvr pack) is one. Its page size is at 16-17.
const SQLITE_HEADER = 'SQLite format 3\0';
function startsAsSqlite(bytes) {
  if (bytes.length < 100) return false;
  for (let i = 0; i < SQLITE_HEADER.length; i++) if (bytes[i] !== SQLITE_HEADER.charCodeAt(i)) return false;
  return true;
}
function sqlitePageSize(head) {
  const n = (head[16] << 8) | head[17];
  return n === 1 ? 65536 : n;
}

// Shows "Open anyway" and resolves true when it is clicked, false on Cancel.
function askToGoOn(say, text) {
  say(text);
  const go = $('remote-go'), cancel = $('remote-cancel');
  go.hidden = false;
  return new Promise((resolve) => {
    const done = (answer) => { go.hidden = true; go.onclick = null; cancel.onclick = null; resolve(answer); };
    go.onclick = () => done(true);
    cancel.onclick = () => done(false);
  });
}

// Fetches spec (a URL, relative to the page) and hands it to the app. Each way it can fail gets its own
// message, since "failed to fetch" helps nobody. The download shows its progress and rate and can be
// cancelled; one larger than the limit is opened only when the user says so.
export async function openRemoteRegistry(spec) {
  let url;
  try {
    url = new URL(spec, location.href);
  } catch (e) {
    return remoteError('"' + spec + '" is not a valid URL for ?registry=.');
  }
  const bar = $('remote');
  bar.hidden = false;
  const say = (t) => { $('remote-text').textContent = t; };
  say('Downloading ' + url.href + ' …');
  const abort = new AbortController();
  let cancelled = false;
  $('remote-go').hidden = true;
  $('remote-cancel').onclick = () => { cancelled = true; abort.abort(); };
  const stopped = () => {
    bar.hidden = true;
    return remoteError('The download of ' + url.href + ' was cancelled; nothing was opened.');
  };
  // A pack (mvr pack: an SQLite file) on a host that honours Range requests is read in place, only the pages
  // each view needs; anything else is downloaded whole. The probe's answer decides, and when the host ignores
  // Range its answer is the whole file, which the download below reads.
  let resp = null, whyWhole = '';
  try {
    const probe = await fetch(url, { mode: 'cors', cache: 'no-cache', signal: abort.signal, headers: { Range: 'bytes=0-99' } });
    if (probe.status === 206) {
      const head = new Uint8Array(await probe.arrayBuffer());
      const total = /\/(\d+)\s*$/.exec(probe.headers.get('content-range') || '');
      if (startsAsSqlite(head)) {
        if (total) {
          bar.hidden = true;
          return call(Module._mvr_open_pack, url.href, Number(total[1]), sqlitePageSize(head));
        }
        whyWhole = url.host + ' answers Range requests but does not let this page read their Content-Range header ' +
          '(it must send "Access-Control-Expose-Headers: Content-Range")';
      }
    } else if (probe.status === 200) {
      resp = probe;
      whyWhole = url.host + ' ignores Range requests';
    } else if (probe.status !== 416) {
      resp = probe;  // 404 and the like: told below as for a whole download
    }
  } catch (e) {
    if (cancelled) return stopped();
    // Refused with the Range header (CORS: a preflight answered without Range in Access-Control-Allow-Headers,
    // or a ranged answer without Access-Control-Allow-Origin; the page cannot see which), or not reachable at
    // all: the plain request below tells the two apart.
    whyWhole = url.host + ' does not allow other sites to send Range requests (its CORS headers must allow them: ' +
      '"Access-Control-Allow-Headers: Range", and "Access-Control-Allow-Origin" on its 206 answers too)';
  }
  if (!resp) try {
    resp = await fetch(url, { mode: 'cors', cache: 'no-cache', signal: abort.signal });
  } catch (e) {
    if (cancelled) return stopped();
    bar.hidden = true;
    if (url.origin !== location.origin) {
      // fetch fails the same way for a refused cross-origin read and for an unreachable host; an opaque
      // request succeeds only when the host answered, which tells the two apart.
      let answered = false;
      try { await fetch(url, { mode: 'no-cors', cache: 'no-cache' }); answered = true; } catch (e2) {}
      if (answered)
        return remoteError(url.host + ' answered, but does not allow other sites to read ' + url.pathname +
          '. The host must send the response header "Access-Control-Allow-Origin: *" (or "Access-Control-Allow-Origin: ' +
          location.origin + '") with that file.');
    }
    return remoteError('Could not reach ' + url.host + ' to download ' + url.href + ' (the network is off, or the host is down).');
  }
  if (resp.status === 404) { bar.hidden = true; return remoteError(url.href + ' was not found on its host (HTTP 404).'); }
  if (!resp.ok) { bar.hidden = true; return remoteError(url.href + ': the host answered HTTP ' + resp.status + ' ' + resp.statusText + '.'); }
  const total = Number(resp.headers.get('content-length')) || 0;
  const limit = remoteLimit();
  let allowed = false;
  const tooBig = (size, known) => url.href + (known ? ' is ' : ' is past ') + mb(size) + ', more than the ' + mb(limit) +
    ' mvr opens without asking: it is downloaded whole and held in this tab\'s memory.';
  if (total > limit) {
    if (!(await askToGoOn(say, tooBig(total, true)))) {
      abort.abort();
      return stopped();
    }
    allowed = true;
  }
  const chunks = [];
  let got = 0;
  const started = performance.now();
  const reader = resp.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.length;
      if (!allowed && got > limit) {
        if (!(await askToGoOn(say, tooBig(got, false)))) {
          abort.abort();
          return stopped();
        }
        allowed = true;
      }
      const rate = got / Math.max(0.001, (performance.now() - started) / 1000);
      say('Downloading ' + url.href + ' … ' + (total ? Math.round((100 * got) / total) + '% of ' + mb(total) : mb(got)) +
          ' (' + mb(rate) + '/s' + (total && rate > 0 ? ', ' + Math.ceil((total - got) / rate) + ' s left' : '') + ')');
      $('remote-bar').style.width = total ? Math.round((100 * got) / total) + '%' : '50%';
    }
  } catch (e) {
    if (cancelled) return stopped();
    bar.hidden = true;
    return remoteError('The download of ' + url.href + ' broke off after ' + mb(got) + ' (' + e.message + ').');
  }
  if (cancelled) return stopped();
  bar.hidden = true;
  const bytes = new Uint8Array(got);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  // Whether it reads as mvr's format is the app's to say (importers::startsAsMvr); what does not is still
  // the app's to read and report, except a web page (an error or login page), which is named here.
  if (startsAsSqlite(bytes)) {
    // A pack the host would not give in ranges: read in place from this copy.
    call(Module._mvr_open_remote, url.href, bytes);
    if (whyWhole) call(Module._mvr_remote_note, whyWhole + ': downloaded whole (' + mb(got) + ').');
    return;
  }
  const head = bytes.subarray(0, FORMAT_HEAD_BYTES);
  if (call(Module._mvr_starts_as_mvr, url.pathname, head) !== 1) {
    const text = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trim().slice(0, 40).replace(/\s+/g, ' ');
    if (/^<(!doctype|html|head|body)/i.test(text))
      return remoteError(url.href + ' is not JSON: it starts with "' + text + '" (an HTML page: perhaps an error or login page, or the wrong address).');
  }
  call(Module._mvr_open_remote, url.href, bytes);
}
