// The URL's fragment: comparison links (#c=<payload>&<options>: the payload deflated, raw, and base64url-
// encoded, so it never reaches any server) and the route of what is on screen (#m=...&v=...).
import { call } from './heap.js';
import { remoteError } from './remote.js';

const LINK_LIMIT = 8000;  // longer URLs get cut by chat tools, mail clients and some servers' logs

async function compress(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
async function decompress(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
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
    const amp = hash.indexOf('&');
    const payload = await decompress(fromBase64Url(hash.slice(3, amp < 0 ? undefined : amp)));
    call(Module._mvr_open_link, amp < 0 ? '' : hash.slice(amp + 1), payload);
  } catch (e) {
    remoteError('This comparison link is damaged or incomplete (' + e.message + '); ask for it again, or copy the whole link.');
  }
}

// The view in the URL (#m=...&v=...): back and forward, and fragments typed or pasted into the address bar.
export function applyHash() {
  const h = location.hash;
  if (h.startsWith('#c=')) return openLinkFragment(h);
  call(Module._mvr_apply_fragment, h.replace(/^#/, ''));
}
