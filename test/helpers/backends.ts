// The suite's view of isolated back ends; the implementation lives in test/support so benches can use it too.
export * from '../support/isolated-backends.js';
