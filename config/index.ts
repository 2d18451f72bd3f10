// Stagecraft's configuration: the variable list and its validating loader.
export { variables, type VariableName, type VariableSpec } from './variables.js';
export {
  loadConfig,
  loadConfigOrExit,
  withOverrides,
  ConfigError,
  type AppConfig,
  type StorageConfig,
} from './load-config.js';

/** Nest injection token under which the loaded AppConfig is provided. */
export const APP_CONFIG = 'APP_CONFIG';
export { renderConfigTable } from './config-table.js';
