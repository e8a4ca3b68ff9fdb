import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../src/experiment/run.ts';
import { explainRun } from '../src/experiment/explain.ts';
import { runCli } from '../src/cli/cli.ts';
import { small, tempDir, captureIo } from './helpers.ts';

test('explain replays a run for any citizen or company and matches the stored scores', async () => {
  const { dir: runsDir, cleanup } = tempDir();
  try {
    for (const name of ['rongcheng', 'sesame', 'seed-2020', 'nosedive', 'eight-pilots', 'fico', 'as-implemented']) {
      const run = await runScenario(small(name, 1500, 90, { 'output.sampleRate': 0 }), { runsDir });
      for (const id of [0, 777, 1499]) {
        const why = await explainRun(run.dir, 'citizens', id);
        assert.equal(why.verified, true, `${name}: replay of citizen ${id} matches the run`);
        for (const s of why.scorers) {
          if (!s.scored) continue;
          const sum = s.history.reduce((a, l) => a + l.drift + l.delta, 0);
          assert.ok(Math.abs(s.start + sum - s.score) < 0.05, `${name}/${s.scorer}: lines sum to the score`);
        }
        assert.equal(why.gates.length, run.result.world.policy.gates.length);
      }
      if (run.result.world.policy.scorers.some((s) => s.kind === 'companies')) {
        const why = await explainRun(run.dir, 'companies', 3);
        assert.equal(why.verified, true);
        assert.equal(why.kind, 'companies');
      }
    }
    const rongcheng = (await import('node:fs')).readdirSync(runsDir).find((d) => d.includes('rongcheng'))!;
    const io = captureIo();
    assert.equal(await runCli(['explain', rongcheng, '42', '--runs', runsDir], io), 0);
    assert.match(io.stdout.join('\n'), /Citizen 42 in run .*\n[\s\S]*rongcheng \(Rongcheng citizen points\): [\d,.]+, tier \w+/);
    const json = captureIo();
    assert.equal(await runCli(['explain', rongcheng, '42', '--json', '--runs', runsDir], json), 0);
    const parsed = JSON.parse(json.stdout.join('\n'));
    assert.equal(parsed.id, 42);
    assert.equal(parsed.verified, true);
    assert.equal(await runCli(['explain', rongcheng, '999999', '--runs', runsDir], captureIo()), 2);
  } finally {
    cleanup();
  }
});
