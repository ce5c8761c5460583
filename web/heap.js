// Handing strings and bytes to the wasm module (the global Module that mvr.js fills in): the one place the
// page's glue copies them into the module's heap and frees them after the call.

// Runs fn with a pointer for each of values: a string as NUL-terminated UTF-8, a Uint8Array as a copy of
// its bytes. They are freed when fn returns (or throws); returns what fn returns.
export function withHeap(values, fn) {
  const M = self.Module;
  const ptrs = [];
  try {
    for (const v of values) {
      if (typeof v === 'string') {
        ptrs.push(M.allocateUTF8(v));
      } else {
        const p = M._malloc(v.length || 1);
        if (!p) throw new Error(`not enough memory for ${v.length} bytes`);
        ptrs.push(p);
        M.HEAPU8.set(v, p);  // HEAPU8 read after malloc: growing the memory replaces it
      }
    }
    return fn(...ptrs);
  } finally {
    for (const p of ptrs) M._free(p);
  }
}

// Calls an exported C function with args as C wants them: a string becomes a pointer to it, a Uint8Array
// two arguments (a pointer to a copy, its length); numbers pass as they are. E.g.
// call(Module._mvr_open_remote, url, bytes) is mvr_open_remote(url, data, len).
export function call(fn, ...args) {
  const copied = args.filter((a) => typeof a === 'string' || a instanceof Uint8Array);
  return withHeap(copied, (...ptrs) => {
    const c = [];
    let k = 0;
    for (const a of args) {
      if (typeof a === 'string') c.push(ptrs[k++]);
      else if (a instanceof Uint8Array) c.push(ptrs[k++], a.length);
      else c.push(a);
    }
    return fn(...c);
  });
}
