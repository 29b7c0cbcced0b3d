// systeminformation's per-area modules: importing only these keeps its other 20 areas out of the
// bundles. Their types are the package's own.
declare module 'systeminformation/lib/cpu' {
  export { cpu } from 'systeminformation';
}
declare module 'systeminformation/lib/memory' {
  export { mem } from 'systeminformation';
}
