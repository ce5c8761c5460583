// Linked before mvr.js's own code (--pre-js) for the CLI under node.
// - mvr.js compiles mvr.wasm here and keeps the compiled module, so that the parse worker
//   (parse-worker-node.cjs, which loads this same mvr.js and sets instantiateWasm itself) is given it and
//   instantiates it instead of compiling it again.
// - V8 moves a wasm function to its optimizing compiler once it has run for a budget; a larger budget than
//   V8's default keeps the optimizer to the functions an import really lives in (compile jobs for the
//   others cost CPU the import needs, and a process waits for unfinished ones before it exits).
if (!Module['instantiateWasm']) {
  Module['instantiateWasm'] = function (imports, receiveInstance) {
    require('v8').setFlagsFromString('--wasm-tiering-budget=50000000');
    var module = new WebAssembly.Module(require('fs').readFileSync(__dirname + '/mvr.wasm'));
    var instance = new WebAssembly.Instance(module, imports);
    Module['mvrWasmModule'] = module;
    receiveInstance(instance, module);
    return instance.exports;
  };
}
