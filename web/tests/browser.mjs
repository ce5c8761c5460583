// Chromium flags that render WebGL2 headless on these machines (software GL via SwiftShader) and keep the
// browser off the network (see ../shared/docs/toolchain.md).
export const launchArgs = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];
