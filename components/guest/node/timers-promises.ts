/** Node's `timers/promises`. */
import { promises } from './timers.js';
export const { setTimeout, setImmediate } = promises;
export default promises;
