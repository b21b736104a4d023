// The suite's view of isolated back ends; the implementation lives in src/testing so benches can use it too.
export * from '../../src/testing/isolated-backends.js';
