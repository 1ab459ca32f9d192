// Starts the app's WebAssembly. It is a file, not the inline module Trunk injects by default,
// so that the Content-Security-Policy in index.html can forbid inline script: Trunk.toml's
// `pattern_script` writes this file's <script> tag with the hashed names of the app's
// wasm-bindgen module and wasm binary in data attributes.
const tag = document.querySelector('script[data-xclass-js][data-xclass-wasm]');
const { default: init } = await import(tag.dataset.xclassJs);
const wasm = await init({ module_or_path: tag.dataset.xclassWasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
