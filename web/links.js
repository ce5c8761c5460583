// The URL's fragment: comparison links (#c=<payload>&<options>: the payload deflated, raw, and base64url-
// encoded, so it never reaches any server) and the route of what is on screen (#m=...&v=...).
import { call } from './heap.js';
import { remoteError } from './remote.js';

const LINK_LIMIT = 8000;  // longer URLs get cut by chat tools, mail clients and some servers' logs

async function compress(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
// A link mvr makes is under LINK_LIMIT characters and unpacks to well under a megabyte; a fragment far longer, or
// one that unpacks to far more than it could hold (a deflate bomb), is refused before it costs memory.
const FRAGMENT_LIMIT = 256 * 1024;
const INFLATED_LIMIT = 16 * 1024 * 1024;

class LinkRefused extends Error {}

async function decompress(bytes, limit = INFLATED_LIMIT) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new LinkRefused(`it unpacks to more than ${limit / (1024 * 1024)} MB from ${bytes.length.toLocaleString('en-US')} bytes, ` +
                            'which no comparison link mvr makes does; it was not opened');
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
function toBase64Url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function fromBase64Url(text) {
  const b = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

// The app packed the compared versions (bytes) and the view's options: the link goes to the clipboard
// (copy) unless it is too long, and the app is told which.
export async function makeLink(bytes, options, copy) {
  const packed = await compress(bytes);
  const url = location.origin + location.pathname + '#c=' + toBase64Url(packed) + (options ? '&' + options : '');
  const tooLong = url.length > LINK_LIMIT;
  window.mvrLastLink = url;
  if (!tooLong) copy(url);
  call(Module._mvr_link_made, url, tooLong ? 1 : 0);
}

// "#c=<payload>&d=0": the payload (base64url, never '&'), then the view's options as a route fragment.
export async function openLinkFragment(hash) {
  try {
    if (hash.length > FRAGMENT_LIMIT)
      throw new LinkRefused(`it is ${hash.length.toLocaleString('en-US')} characters long, and links mvr makes stay under ` +
                            `${LINK_LIMIT.toLocaleString('en-US')}; it was not opened`);
    const amp = hash.indexOf('&');
    const payload = await decompress(fromBase64Url(hash.slice(3, amp < 0 ? undefined : amp)));
    call(Module._mvr_open_link, amp < 0 ? '' : hash.slice(amp + 1), payload);
  } catch (e) {
    if (e instanceof LinkRefused) remoteError('This comparison link is refused: ' + e.message + '.');
    else remoteError('This comparison link is damaged or incomplete (' + e.message + '); ask for it again, or copy the whole link.');
  }
}

// The view in the URL (#m=...&v=...): back and forward, and fragments typed or pasted into the address bar.
export function applyHash() {
  const h = location.hash;
  if (h.startsWith('#c=')) return openLinkFragment(h);
  call(Module._mvr_apply_fragment, h.replace(/^#/, ''));
}
