// Chromium flags that render WebGL2 headless on these machines (software GL via SwiftShader) and keep the
// browser off the network. Unlike the usual headless recipes, no --disable-gpu:
// with it the compositor is software and reads every drawn WebGL frame back on the page's main thread
// (30-50 ms per frame at 1600x900 here), which no browser with a GPU does; without it the GPU process
// composites with SwiftShader, as a GPU would. WebGL2 renders the same either way (the screenshots).
export const launchArgs = [
  '--headless=new', '--no-sandbox', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];
