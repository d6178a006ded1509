import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAlive, stopProcess } from '../../scripts/stack/processes';

const state = (pid: number) => /^\d+ \(.*\) (\S) /s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];

describe('stack processes', () => {
  it('counts a zombie (exited, never reaped) as stopped, so `stack down` does not wait for it forever', async () => {
    // the shell starts a short child, then becomes a sleep that never reaps it: a zombie
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(String(d)))));
      expect(isAlive(pid)).toBe(true);
      await expect.poll(() => state(pid), { timeout: 5000 }).toBe('Z');
      expect(isAlive(pid)).toBe(false);
      await stopProcess(pid, 200);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('still counts a running process as alive, and stops it', async () => {
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const pid = child.pid!;
    expect(isAlive(pid)).toBe(true);
    await stopProcess(pid, 2000);
    await expect.poll(() => isAlive(pid), { timeout: 5000 }).toBe(false);
  });
});
