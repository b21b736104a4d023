// A bad argument or input file is a usage error: `Error: …` on stderr and exit 2, not a stack trace.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { parseEventFile } from '../../../src/cli/commands/send.js';

describe('CLI usage errors', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a non-positive --batch prints the reason and exits 2', async () => {
    vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(main(['node', 'mutt', 'send', '--batch', '0', 'events.json'])).rejects.toThrow('exit 2');
    expect(stderr).toHaveBeenCalledWith('Error: --batch must be a positive integer, got "0"\n');
  });

  it('an events file line that is not an object is MUTT_USAGE', () => {
    expect(() => parseEventFile('{"message":"a"}\n[1]\n')).toThrow(expect.objectContaining({ code: 'MUTT_USAGE', exitCode: 2 }));
  });
});
