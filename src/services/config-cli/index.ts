export { cliActor, configDelete, configGet, configHistory, configList, configSet, type CliWriter, type ExitCode, type SetOptions } from './config-commands.js';
