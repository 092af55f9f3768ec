import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second in /proc/<pid>/stat (100 on almost every Linux). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, in ms, from Linux's /proc. */
export function processCpuMs(pid: number): number {
  // The command name (field 2) may hold spaces; the fields after it are fixed.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** CPU time in ms by where it went: the bot's process(es), the store, and the load generator (this process). */
export interface CpuByProcess {
  server: number;
  store: number;
  loadGenerator: number;
}

/** Starts counting the CPU of `serverPids`, `storePid` and this process; `spent()` gives each one's use since. */
export function cpuMeter(serverPids: number[], storePid: number) {
  const servers = () => serverPids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
  const startServers = servers();
  const startStore = processCpuMs(storePid);
  const startSelf = process.cpuUsage();
  return {
    /** The CPU each has used since. */
    spent(): CpuByProcess {
      const self = process.cpuUsage(startSelf);
      return {
        server: servers() - startServers,
        store: processCpuMs(storePid) - startStore,
        loadGenerator: (self.user + self.system) / 1000,
      };
    },
  };
}
