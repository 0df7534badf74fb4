/** What Linux says about a process (/proc): for assertions that the host did not grow. */
import { readdirSync, readFileSync } from 'node:fs';

/** Peak resident set size so far (VmHWM), bytes. */
export const peakRss = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** Threads the process has now: each component instance is a worker thread. */
export const threadCount = (pid: number): number => readdirSync(`/proc/${pid}/task`).length;
