import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** The core each side of the benchmark runs on when pinned: servers on one, the load generator on the other. */
export const SERVER_CPU = 0;
/** See {@link SERVER_CPU}. */
export const CLIENT_CPU = 1;

/**
 * Whether processes can be pinned to cores: Linux `taskset` is there and there are two cores or more. Unpinned, the
 * scheduler sometimes puts the server and the load generator on one core, which halves a run's throughput at random.
 */
export function canPinCpus(): boolean {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins every thread of a process (this one, say) to one core. */
export function pinProcess(pid: number, cpu: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}
