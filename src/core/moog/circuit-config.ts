export { circuitConfig } from '../../services/runtime/circuit-config.js'; // shim until issue 9 point 1 lands
