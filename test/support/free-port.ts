// One free-port helper for the tests and the bench (which starts a loopback registry too).
export { freePort } from '../../bench/local-registry';
