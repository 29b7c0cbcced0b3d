// Loads the engine half of the extension the first time a command needs it.
export type EngineModules = typeof import('./engineModules');

let loading: Promise<EngineModules> | undefined;

export function loadEngineModules(): Promise<EngineModules> {
  loading ??= import('./engineModules');
  return loading;
}
