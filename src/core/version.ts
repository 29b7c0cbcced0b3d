// The tool's name and version as written into every report; esbuild injects the package version.
declare const __PP_VERSION__: string | undefined;

export const TOOL_NAME = 'parallel-profiler';
export const TOOL_VERSION: string = typeof __PP_VERSION__ === 'string' ? __PP_VERSION__ : '0.1.0';
