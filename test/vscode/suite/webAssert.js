// The part of node:assert the suite uses, for the web worker host (no Node built-ins
// there; esbuild maps `assert` here in the web bundle). Same semantics, plainer messages.
class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}
const show = (v) => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};
function fail(message, fallback) {
  throw new AssertionError(message instanceof Error ? message.message : message ?? fallback);
}
function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}
function ok(value, message) {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}
module.exports = Object.assign(ok, {
  AssertionError,
  ok,
  strictEqual: (actual, expected, message) => Object.is(actual, expected) || fail(message, `expected ${show(expected)}, got ${show(actual)}`),
  deepStrictEqual: (actual, expected, message) => deepEqual(actual, expected) || fail(message, `expected ${show(expected)}, got ${show(actual)}`),
  match: (string, re, message) => re.test(string) || fail(message, `${show(string)} does not match ${re}`),
});
